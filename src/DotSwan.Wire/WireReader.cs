using System.Buffers.Binary;

namespace DotSwan.Wire;

/// <summary>
/// A bounds-checked big-endian reader over untrusted bytes. Every read is a Try call:
/// nothing here throws or reads outside the span, whatever the input.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _baseOffset;
    private int _position;

    /// <summary>Creates a reader over <paramref name="buffer"/>; <paramref name="baseOffset"/> is its offset in the whole message, for error reports.</summary>
    public WireReader(ReadOnlySpan<byte> buffer, int baseOffset = 0)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Position inside this reader's span.</summary>
    public readonly int Position => _position;

    /// <summary>Position in the whole message (base offset plus position), for error reports.</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>The unread bytes.</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    /// <summary>Reads one byte.</summary>
    public bool TryReadByte(out byte value)
    {
        if (Remaining < 1) { value = 0; return false; }
        value = _buffer[_position++];
        return true;
    }

    /// <summary>Reads a big-endian 16-bit value.</summary>
    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2) { value = 0; return false; }
        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(_position, 2));
        _position += 2;
        return true;
    }

    /// <summary>Reads a big-endian 32-bit value.</summary>
    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4) { value = 0; return false; }
        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return true;
    }

    /// <summary>Reads a big-endian 64-bit value.</summary>
    public bool TryReadUInt64(out ulong value)
    {
        if (Remaining < 8) { value = 0; return false; }
        value = BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return true;
    }

    /// <summary>Reads <paramref name="count"/> bytes as a slice of the input (no copy).</summary>
    public bool TryReadBytes(int count, out ReadOnlySpan<byte> value)
    {
        if (count < 0 || Remaining < count) { value = default; return false; }
        value = _buffer.Slice(_position, count);
        _position += count;
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public bool TrySkip(int count)
    {
        if (count < 0 || Remaining < count) { return false; }
        _position += count;
        return true;
    }
}
