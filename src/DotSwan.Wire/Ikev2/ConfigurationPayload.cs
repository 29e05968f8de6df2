namespace DotSwan.Wire.Ikev2;

/// <summary>Configuration payload, CP (RFC 7296 section 3.15).</summary>
/// <param name="Type">CFG_REQUEST, CFG_REPLY, CFG_SET or CFG_ACK.</param>
/// <param name="Attributes">The attributes in wire order.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record ConfigurationPayload(ConfigurationType Type, IReadOnlyList<ConfigurationAttribute> Attributes, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.Configuration;

    internal override int BodyLength
    {
        get
        {
            int length = 4;
            for (int i = 0; i < Attributes.Count; i++) { length += Attributes[i].EncodedLength; }
            return length;
        }
    }

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)Type);
        writer.WriteZeros(3);
        for (int i = 0; i < Attributes.Count; i++) { Attributes[i].Write(ref writer); }
    }
}
