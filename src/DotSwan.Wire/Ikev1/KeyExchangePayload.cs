namespace DotSwan.Wire.Ikev1;

/// <summary>Key Exchange payload (RFC 2408 §3.7): the Diffie-Hellman public value.</summary>
/// <param name="Data">The payload data.</param>
public sealed record KeyExchangePayload(ReadOnlyMemory<byte> Data) : OpaqueDataPayload(Data)
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.KeyExchange;
}
