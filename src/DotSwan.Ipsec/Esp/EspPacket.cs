using System.Buffers.Binary;
using DotSwan.Crypto;

namespace DotSwan.Ipsec.Esp;

/// <summary>
/// The ESP packet format of RFC 4303 §2 without SA state: SPI ‖ sequence number (low 32 bits) ‖ IV ‖ encrypted
/// (payload ‖ TFC padding ‖ padding ‖ pad length ‖ next header) ‖ ICV. Sealing and opening work in place or into
/// caller-provided spans and allocate nothing. <see cref="SecurityAssociation"/> adds sequence numbers, IVs, anti-replay
/// and lifetimes on top; use this directly only for known-answer tests and tools.
/// </summary>
public static class EspPacket
{
    /// <summary>SPI and sequence number.</summary>
    public const int HeaderLength = 8;

    /// <summary>Pad length and next header.</summary>
    public const int TrailerLength = 2;

    /// <summary>Next header 4: an IPv4 packet (tunnel mode).</summary>
    public const byte NextHeaderIpv4 = 4;

    /// <summary>Next header 41: an IPv6 packet (tunnel mode).</summary>
    public const byte NextHeaderIpv6 = 41;

    /// <summary>Next header 59: no next header, a dummy packet (RFC 4303 §2.6).</summary>
    public const byte NoNextHeader = 59;

    /// <summary>The largest IP packet: an ESP packet never grows past it.</summary>
    public const int MaxPacketLength = 65535;

    /// <summary>The length of the ESP packet that sealing <paramref name="payloadLength"/> bytes with <paramref name="tfcPaddingLength"/> bytes of TFC padding gives.</summary>
    public static int SealedLength(EspTransform transform, int payloadLength, int tfcPaddingLength = 0)
    {
        ArgumentNullException.ThrowIfNull(transform);
        int plain = payloadLength + tfcPaddingLength;
        return HeaderLength + transform.IvLength + plain + PadLength(transform, plain) + TrailerLength + transform.IcvLength;
    }

    /// <summary>The number of padding bytes (RFC 4303 §2.4) after <paramref name="plainLength"/> bytes of payload and TFC padding.</summary>
    public static int PadLength(EspTransform transform, int plainLength)
    {
        ArgumentNullException.ThrowIfNull(transform);
        int alignment = transform.Alignment;
        return (alignment - ((plainLength + TrailerLength) % alignment)) % alignment;
    }

    /// <summary>
    /// Builds an ESP packet into <paramref name="destination"/>: writes SPI, the low 32 bits of <paramref name="sequence"/>,
    /// <paramref name="iv"/>, the encrypted payload with its TFC padding (zeros), padding (1, 2, 3 …), pad length and next
    /// header, and the ICV. With <paramref name="extendedSequenceNumbers"/> the AEAD's AAD is SPI ‖ seq_hi ‖ seq_lo (RFC 4106 §5)
    /// and a separate ICV covers seq_hi appended to the packet (RFC 4303 §2.2.1). The payload may already lie in
    /// <paramref name="destination"/> at offset <see cref="HeaderLength"/> + IV length (in-place encapsulation) or anywhere
    /// else in it: it is moved before anything else is written.
    /// </summary>
    public static EspStatus Seal(EspTransform transform, uint spi, ulong sequence, bool extendedSequenceNumbers, ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> payload, byte nextHeader, int tfcPaddingLength, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(transform);
        written = 0;
        if (transform.IsAuthenticationHeader)
        {
            return EspStatus.WrongProtocol;
        }

        if (tfcPaddingLength < 0 || payload.Length + tfcPaddingLength > MaxPacketLength)
        {
            return EspStatus.InvalidArgument;
        }

        int ivLength = transform.IvLength;
        if (iv.Length != ivLength)
        {
            return EspStatus.InvalidArgument;
        }

        int plainLength = payload.Length + tfcPaddingLength;
        int padLength = PadLength(transform, plainLength);
        int encryptedLength = plainLength + padLength + TrailerLength;
        int total = HeaderLength + ivLength + encryptedLength + transform.IcvLength;
        if (total > MaxPacketLength)
        {
            return EspStatus.InvalidArgument;
        }

        if (destination.Length < total)
        {
            return EspStatus.DestinationTooSmall;
        }

        int bodyOffset = HeaderLength + ivLength;
        var body = destination.Slice(bodyOffset, encryptedLength);

        // Move the payload first: it may overlap the header and IV area of the destination.
        payload.CopyTo(body);
        body.Slice(payload.Length, tfcPaddingLength).Clear();
        for (int i = 0; i < padLength; i++)
        {
            body[plainLength + i] = (byte)(i + 1);
        }

        body[^2] = (byte)padLength;
        body[^1] = nextHeader;

        BinaryPrimitives.WriteUInt32BigEndian(destination, spi);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)sequence);
        iv.CopyTo(destination[HeaderLength..]);

        var icv = destination.Slice(bodyOffset + encryptedLength, transform.IcvLength);
        if (transform.Aead is { } aead)
        {
            Span<byte> aad = stackalloc byte[12];
            int aadLength = WriteAad(aad, spi, sequence, extendedSequenceNumbers);
            if (!aead.TrySeal(iv, body, aad[..aadLength], body, icv, out _))
            {
                return EspStatus.InvalidArgument;
            }
        }
        else
        {
            if (!transform.Cipher!.TryEncrypt(iv, body, body, out _))
            {
                return EspStatus.InvalidArgument;
            }

            if (transform.Integrity is { } integrity)
            {
                int authenticatedLength = bodyOffset + encryptedLength;
                if (extendedSequenceNumbers)
                {
                    // RFC 4303 §2.2.1: seq_hi is authenticated as if appended to the packet, but never sent.
                    // It goes where the ICV will be, so the MAC sees one contiguous span; the ICV then overwrites it.
                    Span<byte> computed = stackalloc byte[64];
                    BinaryPrimitives.WriteUInt32BigEndian(icv, (uint)(sequence >> 32));
                    integrity.Compute(destination[..(authenticatedLength + 4)], computed[..icv.Length]);
                    computed[..icv.Length].CopyTo(icv);
                }
                else
                {
                    integrity.Compute(destination[..authenticatedLength], icv);
                }
            }
        }

        written = total;
        return EspStatus.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the ESP packet in <paramref name="packet"/> in place, given its full <paramref name="sequence"/>
    /// number (for ESN: with the high 32 bits the receiver inferred). Checks the ICV first (constant time), then the padding
    /// bytes. The buffer is modified (decrypted; on ICV failure an AEAD may zero it). Never throws on packet bytes.
    /// </summary>
    public static EspStatus Open(EspTransform transform, ulong sequence, bool extendedSequenceNumbers, Span<byte> packet, out EspDecapsulated result)
    {
        ArgumentNullException.ThrowIfNull(transform);
        result = default;
        if (transform.IsAuthenticationHeader)
        {
            return EspStatus.WrongProtocol;
        }

        int ivLength = transform.IvLength;
        int icvLength = transform.IcvLength;
        int bodyOffset = HeaderLength + ivLength;
        int encryptedLength = packet.Length - bodyOffset - icvLength;
        if (encryptedLength < TrailerLength)
        {
            return EspStatus.TooShort;
        }

        if (encryptedLength % transform.BlockSize != 0)
        {
            return EspStatus.BadLength;
        }

        uint spi = BinaryPrimitives.ReadUInt32BigEndian(packet);
        var iv = packet.Slice(HeaderLength, ivLength);
        var body = packet.Slice(bodyOffset, encryptedLength);
        var icv = packet.Slice(bodyOffset + encryptedLength, icvLength);
        if (transform.Aead is { } aead)
        {
            Span<byte> aad = stackalloc byte[12];
            int aadLength = WriteAad(aad, spi, sequence, extendedSequenceNumbers);
            if (!aead.TryOpen(iv, body, icv, aad[..aadLength], body, out _))
            {
                return EspStatus.BadIcv;
            }
        }
        else
        {
            if (transform.Integrity is { } integrity && !VerifyIcv(integrity, packet, bodyOffset + encryptedLength, sequence, extendedSequenceNumbers))
            {
                return EspStatus.BadIcv;
            }

            if (!transform.Cipher!.TryDecrypt(iv, body, body, out _))
            {
                return EspStatus.BadLength;
            }
        }

        int padLength = body[^2];
        int payloadLength = encryptedLength - TrailerLength - padLength;
        if (payloadLength < 0)
        {
            return EspStatus.BadPadding;
        }

        // RFC 4303 §2.4: the padding bytes are 1, 2, 3 …; a receiver that checks them detects a wrong key or a bug.
        var padding = body.Slice(payloadLength, padLength);
        for (int i = 0; i < padding.Length; i++)
        {
            if (padding[i] != (byte)(i + 1))
            {
                return EspStatus.BadPadding;
            }
        }

        result = new EspDecapsulated(body[^1], bodyOffset, payloadLength, sequence);
        return EspStatus.Ok;
    }

    /// <summary>Reads the SPI of an ESP packet; false when it is shorter than the ESP header.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> packet, out uint spi, out uint sequenceLow)
    {
        if (packet.Length < HeaderLength)
        {
            spi = 0;
            sequenceLow = 0;
            return false;
        }

        spi = BinaryPrimitives.ReadUInt32BigEndian(packet);
        sequenceLow = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        return true;
    }

    private static bool VerifyIcv(IIntegrity integrity, Span<byte> packet, int authenticatedLength, ulong sequence, bool extendedSequenceNumbers)
    {
        var icv = packet.Slice(authenticatedLength, integrity.IcvLength);
        if (!extendedSequenceNumbers)
        {
            return integrity.Verify(packet[..authenticatedLength], icv);
        }

        // The received ICV moves aside so that seq_hi can take its place at the end of the authenticated data.
        Span<byte> received = stackalloc byte[64];
        icv.CopyTo(received);
        BinaryPrimitives.WriteUInt32BigEndian(icv, (uint)(sequence >> 32));
        bool ok = integrity.Verify(packet[..(authenticatedLength + 4)], received[..icv.Length]);
        received[..icv.Length].CopyTo(icv);
        return ok;
    }

    private static int WriteAad(Span<byte> aad, uint spi, ulong sequence, bool extendedSequenceNumbers)
    {
        BinaryPrimitives.WriteUInt32BigEndian(aad, spi);
        if (extendedSequenceNumbers)
        {
            BinaryPrimitives.WriteUInt64BigEndian(aad[4..], sequence);
            return 12;
        }

        BinaryPrimitives.WriteUInt32BigEndian(aad[4..], (uint)sequence);
        return 8;
    }
}
