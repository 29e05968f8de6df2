namespace DotSwan.Ipsec.Spd;

/// <summary>What happens to traffic that matches a policy (RFC 4301 §4.4.1: PROTECT, BYPASS, DISCARD).</summary>
public enum PolicyAction
{
    /// <summary>The traffic goes through an IPsec SA; without one an acquire is raised.</summary>
    Protect,
    /// <summary>The traffic passes in the clear.</summary>
    Bypass,
    /// <summary>The traffic is dropped.</summary>
    Discard,
}
