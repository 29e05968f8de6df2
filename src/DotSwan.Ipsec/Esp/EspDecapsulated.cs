namespace DotSwan.Ipsec.Esp;

/// <summary>Where the payload of a decapsulated ESP packet lies inside the packet buffer (decrypted in place).</summary>
/// <param name="NextHeader">The Next Header field: 4 (IPv4) or 41 (IPv6) in tunnel mode, the transport protocol in transport mode, 59 for a dummy packet.</param>
/// <param name="PayloadOffset">Offset of the payload in the buffer passed to decapsulation.</param>
/// <param name="PayloadLength">Length of the payload (in tunnel mode without TFC padding: the inner packet's own length).</param>
/// <param name="SequenceNumber">The full (with ESN: 64-bit, inferred) sequence number of the packet.</param>
public readonly record struct EspDecapsulated(byte NextHeader, int PayloadOffset, int PayloadLength, ulong SequenceNumber)
{
    /// <summary>Next Header 59 ("no next header"): a dummy packet for traffic flow confidentiality (RFC 4303 §2.6), to be discarded.</summary>
    public bool IsDummy => NextHeader == EspPacket.NoNextHeader;

    /// <summary>The payload range, for slicing the buffer that was decapsulated.</summary>
    public Range PayloadRange => new(PayloadOffset, PayloadOffset + PayloadLength);
}
