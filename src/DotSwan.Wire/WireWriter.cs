using System.Buffers;
using System.Buffers.Binary;

namespace DotSwan.Wire;

/// <summary>
/// A big-endian writer over a caller-sized span. Encoders compute their exact length first,
/// take one span of that length (from an <see cref="IBufferWriter{T}"/> or a stack buffer) and fill it.
/// Writing past the end is a bug in the encoder, not a property of input, so it throws.
/// </summary>
public ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Creates a writer that fills <paramref name="buffer"/> from its start.</summary>
    public WireWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>The bytes written so far.</summary>
    public readonly Span<byte> Written => _buffer[.._position];

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value) => _buffer[_position++] = value;

    /// <summary>Writes a big-endian 16-bit value.</summary>
    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_position, 2), value);
        _position += 2;
    }

    /// <summary>Writes a big-endian 32-bit value.</summary>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(_position, 4), value);
        _position += 4;
    }

    /// <summary>Writes a big-endian 64-bit value.</summary>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.Slice(_position, 8), value);
        _position += 8;
    }

    /// <summary>Copies <paramref name="value"/> in.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>Writes <paramref name="count"/> zero bytes.</summary>
    public void WriteZeros(int count)
    {
        _buffer.Slice(_position, count).Clear();
        _position += count;
    }

    /// <summary>Overwrites a big-endian 16-bit value at an earlier position (length fields).</summary>
    public readonly void PatchUInt16(int position, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(position, 2), value);

    /// <summary>Overwrites a big-endian 32-bit value at an earlier position (length fields).</summary>
    public readonly void PatchUInt32(int position, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(position, 4), value);

    /// <summary>Checks that the span was filled exactly, catching length-computation bugs at once.</summary>
    public readonly void EnsureFull()
    {
        if (_position != _buffer.Length)
        {
            throw new InvalidOperationException($"Encoder wrote {_position} bytes into a {_buffer.Length}-byte span.");
        }
    }
}
