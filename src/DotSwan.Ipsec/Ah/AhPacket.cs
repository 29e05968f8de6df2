using System.Buffers;
using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec.Ah;

/// <summary>
/// The Authentication Header of RFC 4302 without SA state: Next Header ‖ Payload Length ‖ Reserved ‖ SPI ‖ Sequence Number
/// (low 32 bits) ‖ ICV (with padding to 32 bits over IPv4, 64 bits over IPv6). The ICV covers the whole IP packet: the IP
/// header and the extension headers in front of AH with their mutable fields zeroed (§3.3.3.1), AH with the ICV field
/// zeroed, and the payload; with extended sequence numbers the high 32 bits follow the packet, unsent (§2.5.1).
/// Works in place on the caller's buffer, allocates nothing in steady state, and never throws on packet bytes.
/// </summary>
public static class AhPacket
{
    /// <summary>Next Header, Payload Length, Reserved, SPI and Sequence Number: the AH bytes before the ICV.</summary>
    public const int FixedLength = 12;

    /// <summary>IP protocol number of AH.</summary>
    public const byte ProtocolAh = 51;

    // The IP header and extension headers before AH that ICV computation may zero and restore (IPv4: at most 60 bytes).
    private const int MaxHeadersBeforeAh = 512;
    private const int MaxIcvFieldLength = 64;

    /// <summary>
    /// The ICV field with its padding: the AH header is a multiple of 4 bytes over IPv4 and of 8 bytes over IPv6 (RFC 4302 §2.6).
    /// </summary>
    public static int IcvFieldLength(int icvLength, bool ipv6)
    {
        int alignment = ipv6 ? 8 : 4;
        int header = FixedLength + icvLength;
        return icvLength + ((alignment - (header % alignment)) % alignment);
    }

    /// <summary>The whole AH header length with an ICV of <paramref name="icvLength"/> bytes.</summary>
    public static int HeaderLength(int icvLength, bool ipv6) => FixedLength + IcvFieldLength(icvLength, ipv6);

    /// <summary>
    /// Finds AH in the IP packet <paramref name="packet"/>: right after the IPv4 header, or after the IPv6 Hop-by-Hop,
    /// Routing and Destination Options headers. False when the packet is malformed, a fragment, or carries no AH there.
    /// </summary>
    public static bool TryLocate(ReadOnlySpan<byte> packet, out int ahOffset, out int packetLength)
    {
        ahOffset = 0;
        packetLength = 0;
        if (packet.IsEmpty)
        {
            return false;
        }

        int version = packet[0] >> 4;
        if (version == 4)
        {
            if (packet.Length < 20)
            {
                return false;
            }

            int headerLength = (packet[0] & 0x0f) * 4;
            packetLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
            bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3fff) != 0;
            ahOffset = headerLength;
            return headerLength >= 20 && packetLength >= headerLength + FixedLength && packetLength <= packet.Length
                   && !fragment && packet[9] == ProtocolAh;
        }

        if (version != 6 || packet.Length < 40)
        {
            return false;
        }

        packetLength = 40 + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (packetLength > packet.Length)
        {
            return false;
        }

        byte next = packet[6];
        int offset = 40;
        for (int headers = 0; headers < 8; headers++)
        {
            switch (next)
            {
                case ProtocolAh:
                    ahOffset = offset;
                    return offset + FixedLength <= packetLength;
                case 0 or 43 or 60 when offset + 8 <= packetLength:
                    int length = (packet[offset + 1] + 1) * 8;
                    next = packet[offset];
                    offset += length;
                    if (offset > packetLength)
                    {
                        return false;
                    }

                    break;
                default:
                    // A Fragment header (44) means reassembly first; anything else before AH is not IPsec for us.
                    return false;
            }
        }

        return false;
    }

    /// <summary>Reads the AH fields at the start of <paramref name="ah"/>; false when it is shorter than <see cref="FixedLength"/>.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> ah, out byte nextHeader, out int headerLength, out uint spi, out uint sequenceLow)
    {
        if (ah.Length < FixedLength)
        {
            nextHeader = 0;
            headerLength = 0;
            spi = 0;
            sequenceLow = 0;
            return false;
        }

        nextHeader = ah[0];
        headerLength = (ah[1] + 2) * 4;
        spi = BinaryPrimitives.ReadUInt32BigEndian(ah[4..]);
        sequenceLow = BinaryPrimitives.ReadUInt32BigEndian(ah[8..]);
        return true;
    }

    /// <summary>
    /// Writes AH at <paramref name="ahOffset"/> of the IP packet in <paramref name="buffer"/>[..<paramref name="packetLength"/>]
    /// (IP header in front, payload behind, both already in place; the header's protocol or last next header must say 51)
    /// and computes its ICV. With ESN the 4 bytes after the packet are borrowed when the buffer has them (restored after).
    /// </summary>
    public static EspStatus Seal(IIntegrity integrity, Span<byte> buffer, int packetLength, int ahOffset, byte nextHeader, uint spi, ulong sequence,
        bool extendedSequenceNumbers)
    {
        ArgumentNullException.ThrowIfNull(integrity);
        if (packetLength > buffer.Length || ahOffset < 20 || ahOffset > MaxHeadersBeforeAh)
        {
            return EspStatus.InvalidArgument;
        }

        bool ipv6 = buffer[0] >> 4 == 6;
        int headerLength = HeaderLength(integrity.IcvLength, ipv6);
        if (ahOffset + headerLength > packetLength)
        {
            return EspStatus.InvalidArgument;
        }

        var ah = buffer.Slice(ahOffset, headerLength);
        ah[0] = nextHeader;
        ah[1] = (byte)((headerLength / 4) - 2);
        ah[2] = 0;
        ah[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(ah[4..], spi);
        BinaryPrimitives.WriteUInt32BigEndian(ah[8..], (uint)sequence);
        ah[FixedLength..].Clear();

        Span<byte> icv = stackalloc byte[MaxIcvFieldLength];
        icv = icv[..integrity.IcvLength];
        if (!TryComputeIcv(integrity, buffer, packetLength, ahOffset, sequence, extendedSequenceNumbers, icv))
        {
            return EspStatus.BadLength;
        }

        icv.CopyTo(ah[FixedLength..]);
        return EspStatus.Ok;
    }

    /// <summary>
    /// Verifies the ICV of the AH at <paramref name="ahOffset"/> of the IP packet in <paramref name="buffer"/>[..<paramref name="packetLength"/>]
    /// in constant time, given the full <paramref name="sequence"/> number. The packet bytes are the same afterwards.
    /// </summary>
    public static EspStatus Verify(IIntegrity integrity, Span<byte> buffer, int packetLength, int ahOffset, ulong sequence, bool extendedSequenceNumbers)
    {
        ArgumentNullException.ThrowIfNull(integrity);
        if (packetLength > buffer.Length || ahOffset < 20 || ahOffset + FixedLength > packetLength)
        {
            return EspStatus.TooShort;
        }

        if (ahOffset > MaxHeadersBeforeAh)
        {
            return EspStatus.BadLength;
        }

        bool ipv6 = buffer[0] >> 4 == 6;
        int headerLength = HeaderLength(integrity.IcvLength, ipv6);
        if (!TryReadHeader(buffer[ahOffset..packetLength], out _, out int statedLength, out _, out _) || statedLength != headerLength)
        {
            return EspStatus.BadLength;
        }

        if (ahOffset + headerLength > packetLength)
        {
            return EspStatus.TooShort;
        }

        var field = buffer.Slice(ahOffset + FixedLength, headerLength - FixedLength);
        Span<byte> received = stackalloc byte[MaxIcvFieldLength];
        received = received[..field.Length];
        field.CopyTo(received);
        field.Clear();
        Span<byte> computed = stackalloc byte[MaxIcvFieldLength];
        computed = computed[..integrity.IcvLength];
        bool computedOk = TryComputeIcv(integrity, buffer, packetLength, ahOffset, sequence, extendedSequenceNumbers, computed);
        received.CopyTo(field);
        if (!computedOk)
        {
            return EspStatus.BadLength;
        }

        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(computed, received[..integrity.IcvLength])
            ? EspStatus.Ok
            : EspStatus.BadIcv;
    }

    /// <summary>
    /// Zeroes the fields of the IP header and the extension headers in <paramref name="headers"/> (everything before AH) that
    /// may change in transit (RFC 4302 §3.3.3.1): IPv4 TOS, flags and fragment offset, TTL, checksum and mutable options;
    /// IPv6 traffic class, flow label, hop limit and the data of options whose type says it may change. False when the
    /// headers do not parse.
    /// </summary>
    public static bool TryZeroMutableFields(Span<byte> headers)
    {
        if (headers.IsEmpty)
        {
            return false;
        }

        return (headers[0] >> 4) switch
        {
            4 => TryZeroIpv4(headers),
            6 => TryZeroIpv6(headers),
            _ => false,
        };
    }

    private static bool TryComputeIcv(IIntegrity integrity, Span<byte> buffer, int packetLength, int ahOffset, ulong sequence, bool extendedSequenceNumbers, Span<byte> icv)
    {
        // The mutable fields are zeroed in place for the MAC and restored afterwards: no copy of the payload.
        Span<byte> saved = stackalloc byte[MaxHeadersBeforeAh];
        var headers = buffer[..ahOffset];
        headers.CopyTo(saved);
        try
        {
            if (!TryZeroMutableFields(headers))
            {
                return false;
            }

            if (!extendedSequenceNumbers)
            {
                integrity.Compute(buffer[..packetLength], icv);
                return true;
            }

            uint high = (uint)(sequence >> 32);
            if (buffer.Length >= packetLength + 4)
            {
                // RFC 4302 §2.5.1: seq_hi is authenticated after the packet but never sent; borrow the 4 bytes behind it.
                var tail = buffer.Slice(packetLength, 4);
                uint borrowed = BinaryPrimitives.ReadUInt32BigEndian(tail);
                BinaryPrimitives.WriteUInt32BigEndian(tail, high);
                integrity.Compute(buffer[..(packetLength + 4)], icv);
                BinaryPrimitives.WriteUInt32BigEndian(tail, borrowed);
                return true;
            }

            byte[] rented = ArrayPool<byte>.Shared.Rent(packetLength + 4);
            try
            {
                buffer[..packetLength].CopyTo(rented);
                BinaryPrimitives.WriteUInt32BigEndian(rented.AsSpan(packetLength), high);
                integrity.Compute(rented.AsSpan(0, packetLength + 4), icv);
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        finally
        {
            saved[..ahOffset].CopyTo(headers);
        }
    }

    private static bool TryZeroIpv4(Span<byte> header)
    {
        if (header.Length < 20)
        {
            return false;
        }

        int headerLength = (header[0] & 0x0f) * 4;
        if (headerLength < 20 || headerLength != header.Length)
        {
            return false;
        }

        header[1] = 0; // DSCP and ECN
        header[6] = 0; // flags and fragment offset
        header[7] = 0;
        header[8] = 0; // TTL
        header[10] = 0; // header checksum
        header[11] = 0;
        var options = header[20..];
        int i = 0;
        while (i < options.Length)
        {
            byte type = options[i];
            if (type == 0)
            {
                // End of Option List: immutable, and what follows is padding (zero it with the rest of the mutable data).
                options[(i + 1)..].Clear();
                return true;
            }

            if (type == 1)
            {
                i++;
                continue;
            }

            if (i + 1 >= options.Length || options[i + 1] < 2 || i + options[i + 1] > options.Length)
            {
                return false;
            }

            int length = options[i + 1];
            if (!IsImmutableIpv4Option(type))
            {
                // RFC 4302 §3.3.3.1.1.2: a mutable option is zeroed as a whole, type and length included.
                options.Slice(i, length).Clear();
            }

            i += length;
        }

        return true;
    }

    // RFC 4302 Appendix A.1: security (130), extended security (133), commercial security (134), router alert (148),
    // sender directed multi-destination delivery (149) are immutable; record route, timestamps, source routes and the
    // rest are treated as mutable. (Loose/strict source routes are "mutable but predictable"; zeroed here.)
    private static bool IsImmutableIpv4Option(byte type) => type is 130 or 133 or 134 or 148 or 149;

    private static bool TryZeroIpv6(Span<byte> headers)
    {
        if (headers.Length < 40)
        {
            return false;
        }

        headers[0] &= 0xf0; // traffic class (high nibble) and flow label
        headers[1] = 0;
        headers[2] = 0;
        headers[3] = 0;
        headers[7] = 0; // hop limit
        byte next = headers[6];
        int offset = 40;
        while (offset < headers.Length)
        {
            if (offset + 8 > headers.Length)
            {
                return false;
            }

            int length = (headers[offset + 1] + 1) * 8;
            if (offset + length > headers.Length)
            {
                return false;
            }

            var header = headers.Slice(offset, length);
            switch (next)
            {
                case 0 or 60:
                    if (!TryZeroMutableOptions(header[2..]))
                    {
                        return false;
                    }

                    break;
                case 43:
                    // Routing header: at the final destination its fields hold the values the sender predicted
                    // (RFC 4302 §3.3.3.1.2.2); included as they are. Sending one with segments left is not supported.
                    break;
                default:
                    return false;
            }

            next = header[0];
            offset += length;
        }

        return next == ProtocolAh;
    }

    // RFC 8200 §4.2: the third-highest bit of an option type says its data may change en route; such data is zeroed.
    private static bool TryZeroMutableOptions(Span<byte> options)
    {
        int i = 0;
        while (i < options.Length)
        {
            byte type = options[i];
            if (type == 0)
            {
                i++;
                continue;
            }

            if (i + 1 >= options.Length || i + 2 + options[i + 1] > options.Length)
            {
                return false;
            }

            int length = options[i + 1];
            if ((type & 0x20) != 0)
            {
                options.Slice(i + 2, length).Clear();
            }

            i += 2 + length;
        }

        return true;
    }
}
