namespace DotSwan.Ipsec.Esp;

/// <summary>
/// The outcome of processing one packet. Everything except <see cref="Ok"/> is a drop (inbound) or a refusal (outbound);
/// each SA counts its drops by this reason. Processing never throws on packet bytes: it returns one of these.
/// </summary>
public enum EspStatus
{
    /// <summary>The packet was processed.</summary>
    Ok = 0,
    /// <summary>Shorter than SPI, sequence number, IV, trailer and ICV need.</summary>
    TooShort,
    /// <summary>The encrypted part is not a multiple of the cipher block size.</summary>
    BadLength,
    /// <summary>No SA has this SPI (for this destination and protocol).</summary>
    UnknownSpi,
    /// <summary>The sequence number was already received (anti-replay, RFC 4303 §3.4.3).</summary>
    ReplayDuplicate,
    /// <summary>The sequence number is left of the anti-replay window (too old to tell).</summary>
    ReplayTooOld,
    /// <summary>The ICV did not verify: tampered, truncated or wrongly keyed.</summary>
    BadIcv,
    /// <summary>The pad length exceeds the data or the padding bytes are not 1, 2, 3 … (RFC 4303 §2.4).</summary>
    BadPadding,
    /// <summary>Tunnel mode: the decrypted payload is not an IPv4 or IPv6 packet that fits the ESP payload.</summary>
    InvalidInnerPacket,
    /// <summary>The SA reached a hard lifetime (or was disposed): it must be deleted; no packet goes through it.</summary>
    HardExpired,
    /// <summary>Outbound: the sequence number space is used up (2^32 - 1 without ESN, 2^64 - 1 with); rekey needed.</summary>
    SequenceOverflow,
    /// <summary>Outbound: the destination buffer is smaller than the encapsulated packet.</summary>
    DestinationTooSmall,
    /// <summary>The payload or TFC padding length is out of range (negative, or the packet would exceed 65535 bytes).</summary>
    InvalidArgument,
    /// <summary>The SA processes the other direction (an inbound SA cannot encapsulate and vice versa).</summary>
    WrongDirection,
    /// <summary>
    /// The call does not fit the SA's protocol: an AH SA cannot build or open a bare ESP packet (its ICV covers the IP
    /// header: use the whole-packet calls), and ESP code cannot use an AH transform.
    /// </summary>
    WrongProtocol,
}
