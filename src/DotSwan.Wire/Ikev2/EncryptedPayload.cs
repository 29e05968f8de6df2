namespace DotSwan.Wire.Ikev2;

/// <summary>
/// Encrypted and Authenticated payload, SK (RFC 7296 section 3.14). Wire keeps IV ‖ ciphertext ‖ ICV opaque;
/// the engine decrypts it and decodes the inner chain with <see cref="Ikev2PayloadChain.TryDecode"/>.
/// </summary>
/// <param name="FirstInnerPayload">The SK payload's Next Payload field: the type of the first inner payload.</param>
/// <param name="Body">IV, ciphertext (with padding and pad length) and ICV.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record EncryptedPayload(Ikev2PayloadType FirstInnerPayload, ReadOnlyMemory<byte> Body, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.Encrypted;

    internal override Ikev2PayloadType LastNextPayload => FirstInnerPayload;

    internal override int BodyLength => Body.Length;

    internal override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Body.Span);
}
