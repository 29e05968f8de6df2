namespace DotSwan.Ipsec;

/// <summary>How an SA carries traffic (RFC 4301 §4.1).</summary>
public enum IpsecMode
{
    /// <summary>A whole inner IP packet is protected; the next header is 4 (IPv4) or 41 (IPv6).</summary>
    Tunnel,
    /// <summary>Only the transport payload is protected; the next header is the original IP protocol.</summary>
    Transport,
}
