namespace DotSwan.Ipsec.Backends.Xfrm;

/// <summary>The XFRM netlink message types this backend sends (linux/xfrm.h, XFRM_MSG_*).</summary>
public enum XfrmMessageType : ushort
{
    /// <summary>XFRM_MSG_NEWSA: add an SA (struct xfrm_usersa_info + attributes).</summary>
    NewSa = 0x10,
    /// <summary>XFRM_MSG_DELSA: delete an SA (struct xfrm_usersa_id).</summary>
    DeleteSa = 0x11,
    /// <summary>XFRM_MSG_GETSA: read an SA back, with its current lifetime counters (struct xfrm_usersa_id).</summary>
    GetSa = 0x12,
    /// <summary>XFRM_MSG_NEWPOLICY: add a policy (struct xfrm_userpolicy_info + templates).</summary>
    NewPolicy = 0x13,
    /// <summary>XFRM_MSG_DELPOLICY: delete a policy (struct xfrm_userpolicy_id).</summary>
    DeletePolicy = 0x14,
    /// <summary>XFRM_MSG_UPDSA: replace an SA in place (the rekey update of <see cref="Driver.IIpsecDriver.UpdateSa"/>).</summary>
    UpdateSa = 0x1a,
}
