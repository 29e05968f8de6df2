using DotSwan.Ipsec.Driver;

namespace DotSwan.Ipsec.Backends.Memory;

/// <summary>An SA in the memory driver with what the driver knows beside it.</summary>
internal sealed class InstalledSa(SaId id, uint reqId, SecurityAssociation securityAssociation)
{
    public SaId Id { get; } = id;

    public uint ReqId { get; } = reqId;

    public SecurityAssociation SecurityAssociation { get; } = securityAssociation;

    public bool OverflowReported { get; set; }
}
