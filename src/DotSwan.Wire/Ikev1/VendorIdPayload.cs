namespace DotSwan.Wire.Ikev1;

/// <summary>Vendor ID payload (RFC 2408 §3.16): usually a hash naming an extension (DPD, NAT-T, XAUTH …).</summary>
/// <param name="Data">The payload data.</param>
public sealed record VendorIdPayload(ReadOnlyMemory<byte> Data) : OpaqueDataPayload(Data)
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.VendorId;
}
