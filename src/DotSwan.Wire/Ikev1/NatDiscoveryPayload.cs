namespace DotSwan.Wire.Ikev1;

/// <summary>
/// NAT Discovery payload (RFC 3947 §3.2): a hash of cookies, address and port. Sent as type 20, or 130 by peers
/// speaking the NAT-T drafts; the number received is kept so the payload re-encodes the same.
/// </summary>
/// <param name="Data">HASH(CKY-I | CKY-R | IP | Port).</param>
/// <param name="UsesDraftNumber">True when sent under the draft payload number 130.</param>
public sealed record NatDiscoveryPayload(ReadOnlyMemory<byte> Data, bool UsesDraftNumber = false) : OpaqueDataPayload(Data)
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType =>
        UsesDraftNumber ? IsakmpPayloadType.NatDiscoveryDraft : IsakmpPayloadType.NatDiscovery;

    /// <summary>The NAT-D hash (the same bytes as <see cref="OpaqueDataPayload.Data"/>).</summary>
    public ReadOnlyMemory<byte> Hash => Data;
}
