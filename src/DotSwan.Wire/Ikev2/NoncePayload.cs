namespace DotSwan.Wire.Ikev2;

/// <summary>Nonce payload (RFC 7296 section 3.9). The 16..256 byte size rule is the engine's to enforce.</summary>
/// <param name="Data">Nonce data.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record NoncePayload(ReadOnlyMemory<byte> Data, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.Nonce;

    internal override int BodyLength => Data.Length;

    internal override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Data.Span);
}
