using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>
/// A reusable, allocation-free parse of an IKEv2 message: the header and one slot per payload, after the whole
/// chain and every known payload's inner structure were validated. The view keeps offsets, not the bytes:
/// pass the same buffer to the accessors. Not thread-safe; keep one per worker.
/// </summary>
public sealed class Ikev2MessageView
{
    private readonly Ikev2PayloadSlot[] _slots;

    /// <summary>Creates a view with room for <see cref="Ikev2DecodeOptions.MaxPayloads"/> payloads.</summary>
    public Ikev2MessageView(Ikev2DecodeOptions? options = null)
    {
        Options = options ?? Ikev2DecodeOptions.Default;
        _slots = new Ikev2PayloadSlot[Math.Max(1, Options.MaxPayloads)];
    }

    /// <summary>The decoding policy.</summary>
    public Ikev2DecodeOptions Options { get; }

    /// <summary>The header of the last parsed message (default after <see cref="TryParsePayloads"/>).</summary>
    public Ikev2Header Header { get; private set; }

    /// <summary>Number of payloads found by the last successful parse.</summary>
    public int Count { get; private set; }

    /// <summary>The payload slots of the last successful parse, in wire order.</summary>
    public ReadOnlySpan<Ikev2PayloadSlot> Payloads => _slots.AsSpan(0, Count);

    /// <summary>Parses and validates a whole IKEv2 message (the UDP payload without any non-ESP marker).</summary>
    public bool TryParse(ReadOnlySpan<byte> message, out DecodeError error)
    {
        Count = 0;
        Header = default;
        if (!Ikev2Header.TryRead(message, out var header))
        {
            error = new DecodeError(0, message.Length, DecodeErrorReason.Truncated, "shorter than the 28-byte IKE header");
            return false;
        }
        if (header.MajorVersion != 2)
        {
            error = new DecodeError(0, 17, DecodeErrorReason.InvalidValue, "IKE major version is not 2 (answer INVALID_MAJOR_VERSION)");
            return false;
        }
        if (Options.Strict && ((byte)header.Flags & 0xc7) != 0)
        {
            error = new DecodeError(0, 19, DecodeErrorReason.ReservedBitsSet, "reserved header flags are set");
            return false;
        }
        if (header.Length < Ikev2Header.Size)
        {
            error = new DecodeError(0, 24, DecodeErrorReason.BadLength, "header length is below 28");
            return false;
        }
        if (header.Length > (uint)message.Length)
        {
            error = new DecodeError(0, 24, DecodeErrorReason.Truncated, "datagram is shorter than the header length");
            return false;
        }
        if (header.Length < (uint)message.Length)
        {
            error = new DecodeError(0, (int)header.Length, DecodeErrorReason.TrailingBytes, "datagram is longer than the header length");
            return false;
        }
        if (!TryParseChain(header.NextPayload, message[Ikev2Header.Size..], Ikev2Header.Size, Ikev2Header.Size, out error))
        {
            return false;
        }
        Header = header;
        return true;
    }

    /// <summary>
    /// Parses a bare payload chain, e.g. the decrypted contents of an SK payload. Slot offsets are relative to
    /// <paramref name="payloads"/>; <paramref name="baseOffset"/> only positions errors within the message.
    /// </summary>
    public bool TryParsePayloads(Ikev2PayloadType first, ReadOnlySpan<byte> payloads, int baseOffset, out DecodeError error)
    {
        Count = 0;
        Header = default;
        return TryParseChain(first, payloads, 0, baseOffset, out error);
    }

    /// <summary>Index of the first payload of <paramref name="type"/> at or after <paramref name="start"/>, or -1.</summary>
    public int IndexOf(Ikev2PayloadType type, int start = 0)
    {
        for (int i = Math.Max(0, start); i < Count; i++)
        {
            if (_slots[i].Type == type) { return i; }
        }
        return -1;
    }

    /// <summary>The body of payload <paramref name="index"/> within <paramref name="buffer"/> (the parsed buffer).</summary>
    public ReadOnlySpan<byte> GetBody(ReadOnlySpan<byte> buffer, int index)
    {
        var slot = Payloads[index];
        return buffer.Slice(slot.BodyOffset, slot.BodyLength);
    }

    /// <summary>The proposals of SA payload <paramref name="index"/>.</summary>
    public Ikev2ProposalEnumerator GetProposals(ReadOnlySpan<byte> buffer, int index)
    {
        EnsureType(index, Ikev2PayloadType.SecurityAssociation);
        return new Ikev2ProposalEnumerator(GetBody(buffer, index));
    }

    /// <summary>The fields of Notify payload <paramref name="index"/>.</summary>
    public Ikev2NotifyView GetNotify(ReadOnlySpan<byte> buffer, int index)
    {
        EnsureType(index, Ikev2PayloadType.Notify);
        return new Ikev2NotifyView(GetBody(buffer, index));
    }

    /// <summary>The traffic selectors of TSi or TSr payload <paramref name="index"/>.</summary>
    public Ikev2TrafficSelectorEnumerator GetTrafficSelectors(ReadOnlySpan<byte> buffer, int index)
    {
        var type = Payloads[index].Type;
        if (type is not (Ikev2PayloadType.TrafficSelectorInitiator or Ikev2PayloadType.TrafficSelectorResponder))
        {
            throw new ArgumentException($"Payload {index} is not a traffic selector payload.", nameof(index));
        }
        return new Ikev2TrafficSelectorEnumerator(GetBody(buffer, index));
    }

    /// <summary>The key exchange method of KE payload <paramref name="index"/>; its data follows the four fixed bytes of the body.</summary>
    public ushort GetKeyExchangeGroup(ReadOnlySpan<byte> buffer, int index)
    {
        EnsureType(index, Ikev2PayloadType.KeyExchange);
        return BinaryPrimitives.ReadUInt16BigEndian(GetBody(buffer, index));
    }

    private void EnsureType(int index, Ikev2PayloadType type)
    {
        if (Payloads[index].Type != type)
        {
            throw new ArgumentException($"Payload {index} is not of type {type}.", nameof(index));
        }
    }

    private bool TryParseChain(Ikev2PayloadType first, ReadOnlySpan<byte> chain, int slotBase, int errorBase, out DecodeError error)
    {
        var reader = new WireReader(chain, errorBase);
        var next = first;
        int count = 0;
        while (next != Ikev2PayloadType.None)
        {
            int position = reader.Position;
            int at = reader.Offset;
            if (count == _slots.Length || count == Options.MaxPayloads)
            {
                error = new DecodeError((int)next, at, DecodeErrorReason.TooMany, "too many payloads");
                return false;
            }
            // Generic payload header: Next Payload, C bit + RESERVED, Payload Length.
            if (!reader.TryReadByte(out byte following) || !reader.TryReadByte(out byte flags) || !reader.TryReadUInt16(out ushort length))
            {
                error = new DecodeError((int)next, at, DecodeErrorReason.Truncated, "generic payload header is truncated");
                return false;
            }
            bool critical = (flags & 0x80) != 0;
            if (Options.Strict && (flags & 0x7f) != 0)
            {
                error = new DecodeError((int)next, at + 1, DecodeErrorReason.ReservedBitsSet, "generic payload header reserved bits are set");
                return false;
            }
            if (length < 4 || !reader.TryReadBytes(length - 4, out var body))
            {
                error = new DecodeError((int)next, at + 2, DecodeErrorReason.BadLength, "payload length is below 4 or past the message");
                return false;
            }
            if (Ikev2PayloadValidator.IsKnown(next))
            {
                if (!Ikev2PayloadValidator.TryValidate(next, body, at + 4, Options, out error)) { return false; }
            }
            else if (critical)
            {
                error = new DecodeError((int)next, at, DecodeErrorReason.UnknownCriticalPayload, "unknown payload type with the critical bit (answer UNSUPPORTED_CRITICAL_PAYLOAD)");
                return false;
            }
            _slots[count++] = new Ikev2PayloadSlot(next, critical, (Ikev2PayloadType)following, slotBase + position, length);
            // SK and SKF end the outer chain: their Next Payload names the first payload inside.
            next = next is Ikev2PayloadType.Encrypted or Ikev2PayloadType.EncryptedFragment ? Ikev2PayloadType.None : (Ikev2PayloadType)following;
        }
        if (reader.Remaining != 0)
        {
            error = new DecodeError(0, reader.Offset, DecodeErrorReason.TrailingBytes, "bytes after the last payload");
            return false;
        }
        Count = count;
        error = default;
        return true;
    }
}
