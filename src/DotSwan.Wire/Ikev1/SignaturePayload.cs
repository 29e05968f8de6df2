namespace DotSwan.Wire.Ikev1;

/// <summary>Signature payload (RFC 2408 §3.12).</summary>
/// <param name="Data">The payload data.</param>
public sealed record SignaturePayload(ReadOnlyMemory<byte> Data) : OpaqueDataPayload(Data)
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Signature;
}
