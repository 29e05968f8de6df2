using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>Walks the transforms of a proposal in place (use with foreach).</summary>
public ref struct Ikev2TransformEnumerator
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _next;
    private Ikev2TransformView _current;

    internal Ikev2TransformEnumerator(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _next = 0;
        _current = default;
    }

    /// <summary>The current transform.</summary>
    public readonly Ikev2TransformView Current => _current;

    /// <summary>Returns this enumerator (for foreach).</summary>
    public readonly Ikev2TransformEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next transform; false at the end.</summary>
    public bool MoveNext()
    {
        var rest = _bytes[_next..];
        if (rest.Length < 8) { return false; }
        int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
        if (length < 8 || length > rest.Length) { return false; }
        _current = new Ikev2TransformView(rest[..length]);
        _next += length;
        return true;
    }
}
