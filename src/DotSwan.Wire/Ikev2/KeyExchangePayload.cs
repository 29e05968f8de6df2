namespace DotSwan.Wire.Ikev2;

/// <summary>Key Exchange payload (RFC 7296 section 3.4).</summary>
/// <param name="Group">Key exchange method (transform type 4 ID), e.g. 31 for Curve25519.</param>
/// <param name="Data">Key exchange data (public value or KEM ciphertext).</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record KeyExchangePayload(ushort Group, ReadOnlyMemory<byte> Data, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.KeyExchange;

    internal override int BodyLength => 4 + Data.Length;

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteUInt16(Group);
        writer.WriteUInt16(0);
        writer.WriteBytes(Data.Span);
    }
}
