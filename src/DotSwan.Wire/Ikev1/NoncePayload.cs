namespace DotSwan.Wire.Ikev1;

/// <summary>Nonce payload (RFC 2408 §3.13).</summary>
/// <param name="Data">The payload data.</param>
public sealed record NoncePayload(ReadOnlyMemory<byte> Data) : OpaqueDataPayload(Data)
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Nonce;
}
