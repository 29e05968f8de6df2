namespace DotSwan.Ipsec.Encapsulation;

/// <summary>What an IP packet received from the network is, as far as the IPsec data plane cares.</summary>
public enum OuterPacketKind
{
    /// <summary>Plain ESP (IP protocol 50).</summary>
    Esp,
    /// <summary>ESP encapsulated in UDP (RFC 3948).</summary>
    UdpEsp,
    /// <summary>An IKE message on the NAT-T port behind the non-ESP marker.</summary>
    UdpIke,
    /// <summary>A NAT-keepalive.</summary>
    NatKeepalive,
    /// <summary>A fragment: needs reassembly first.</summary>
    Fragment,
    /// <summary>Another protocol or port: not for the IPsec data plane.</summary>
    NotIpsec,
    /// <summary>The headers do not fit the packet.</summary>
    Malformed,
    /// <summary>An AH packet (IP protocol 51, RFC 4302): the payload range starts at the AH header.</summary>
    Ah,
}
