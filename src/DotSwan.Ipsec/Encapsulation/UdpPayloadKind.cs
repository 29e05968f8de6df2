namespace DotSwan.Ipsec.Encapsulation;

/// <summary>What a UDP datagram on the NAT-T port carries (RFC 3948 §2).</summary>
public enum UdpPayloadKind
{
    /// <summary>An ESP packet (the first four bytes, the SPI, are not zero).</summary>
    Esp,
    /// <summary>An IKE message behind the four-zero-byte non-ESP marker.</summary>
    Ike,
    /// <summary>A NAT-keepalive: the single byte 0xFF (RFC 3948 §2.3), to be ignored.</summary>
    NatKeepalive,
    /// <summary>Too short for any of these, or a lone byte other than 0xFF.</summary>
    Invalid,
}
