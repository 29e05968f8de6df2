using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>Walks the traffic selectors of a validated TSi/TSr payload body in place (use with foreach).</summary>
public ref struct Ikev2TrafficSelectorEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private int _next;
    private int _remaining;
    private Ikev2TrafficSelectorView _current;

    /// <summary>Wraps a TS body that <see cref="Ikev2MessageView"/> validated.</summary>
    public Ikev2TrafficSelectorEnumerator(ReadOnlySpan<byte> body)
    {
        _body = body;
        _next = 4;
        _remaining = body.IsEmpty ? 0 : body[0];
        _current = default;
    }

    /// <summary>The current selector.</summary>
    public readonly Ikev2TrafficSelectorView Current => _current;

    /// <summary>Returns this enumerator (for foreach).</summary>
    public readonly Ikev2TrafficSelectorEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next selector; false at the end (or on bytes that were not validated).</summary>
    public bool MoveNext()
    {
        if (_remaining == 0 || _next + 4 > _body.Length) { return false; }
        int length = BinaryPrimitives.ReadUInt16BigEndian(_body[(_next + 2)..]);
        if (length is not (16 or 40) || _next + length > _body.Length) { return false; }
        _current = new Ikev2TrafficSelectorView(_body.Slice(_next, length));
        _next += length;
        _remaining--;
        return true;
    }
}
