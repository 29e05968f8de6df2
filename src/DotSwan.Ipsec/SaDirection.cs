namespace DotSwan.Ipsec;

/// <summary>Which way an SA protects traffic: an IPsec SA is unidirectional (RFC 4301 §4.1).</summary>
public enum SaDirection
{
    /// <summary>The SA decapsulates packets the peer sent (we chose its SPI).</summary>
    Inbound,
    /// <summary>The SA encapsulates packets we send (the peer chose its SPI).</summary>
    Outbound,
}
