using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>Walks the attributes of a transform in place (use with foreach).</summary>
public ref struct Ikev2TransformAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _next;
    private Ikev2TransformAttributeView _current;

    internal Ikev2TransformAttributeEnumerator(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _next = 0;
        _current = default;
    }

    /// <summary>The current attribute.</summary>
    public readonly Ikev2TransformAttributeView Current => _current;

    /// <summary>Returns this enumerator (for foreach).</summary>
    public readonly Ikev2TransformAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute; false at the end.</summary>
    public bool MoveNext()
    {
        var rest = _bytes[_next..];
        if (rest.Length < 4) { return false; }
        int length = (rest[0] & 0x80) != 0 ? 4 : 4 + BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
        if (length > rest.Length) { return false; }
        _current = new Ikev2TransformAttributeView(rest[..length]);
        _next += length;
        return true;
    }
}
