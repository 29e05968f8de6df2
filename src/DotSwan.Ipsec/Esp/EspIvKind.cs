namespace DotSwan.Ipsec.Esp;

/// <summary>How an outbound SA makes the explicit IV of each packet.</summary>
public enum EspIvKind
{
    /// <summary>No IV (ENCR_NULL).</summary>
    None,
    /// <summary>
    /// The 64-bit sequence number, big-endian: unique per key, as RFC 4106 §3.1, RFC 4309 §3.1, RFC 7634 §2 and RFC 3686 §3
    /// require (and allow: "the IV MAY be the sequence counter"). Used for AEADs and AES-CTR.
    /// </summary>
    SequenceNumber,
    /// <summary>A fresh random block for each packet (CBC: RFC 3602 §2.4 requires an unpredictable IV).</summary>
    Random,
}
