namespace DotSwan.Wire.Ikev2;

/// <summary>Encrypted and Authenticated Fragment payload, SKF (RFC 7383 section 2.5).</summary>
/// <param name="FirstInnerPayload">Next Payload: the first inner payload type in fragment 1, none (0) in the others.</param>
/// <param name="FragmentNumber">Fragment number, from 1.</param>
/// <param name="TotalFragments">Total number of fragments.</param>
/// <param name="Body">IV, ciphertext and ICV of this fragment.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record EncryptedFragmentPayload(Ikev2PayloadType FirstInnerPayload, ushort FragmentNumber, ushort TotalFragments, ReadOnlyMemory<byte> Body, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.EncryptedFragment;

    internal override Ikev2PayloadType LastNextPayload => FirstInnerPayload;

    internal override int BodyLength => 4 + Body.Length;

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteUInt16(FragmentNumber);
        writer.WriteUInt16(TotalFragments);
        writer.WriteBytes(Body.Span);
    }
}
