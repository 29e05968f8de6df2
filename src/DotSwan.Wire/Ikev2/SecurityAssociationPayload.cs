namespace DotSwan.Wire.Ikev2;

/// <summary>Security Association payload (RFC 7296 section 3.3): a list of proposals.</summary>
/// <param name="Proposals">The proposals in wire order.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record SecurityAssociationPayload(IReadOnlyList<Proposal> Proposals, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.SecurityAssociation;

    internal override int BodyLength
    {
        get
        {
            int length = 0;
            for (int i = 0; i < Proposals.Count; i++) { length += Proposals[i].EncodedLength; }
            return length;
        }
    }

    internal override void WriteBody(ref WireWriter writer)
    {
        for (int i = 0; i < Proposals.Count; i++) { Proposals[i].Write(ref writer, i == Proposals.Count - 1); }
    }
}
