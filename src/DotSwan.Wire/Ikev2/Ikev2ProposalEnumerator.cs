using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>Walks the proposals of a validated SA payload body in place (use with foreach).</summary>
public ref struct Ikev2ProposalEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private int _next;
    private Ikev2ProposalView _current;

    /// <summary>Wraps an SA body that <see cref="Ikev2MessageView"/> validated.</summary>
    public Ikev2ProposalEnumerator(ReadOnlySpan<byte> body)
    {
        _body = body;
        _next = 0;
        _current = default;
    }

    /// <summary>The current proposal.</summary>
    public readonly Ikev2ProposalView Current => _current;

    /// <summary>Returns this enumerator (for foreach).</summary>
    public readonly Ikev2ProposalEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next proposal; false at the end (or on bytes that were not validated).</summary>
    public bool MoveNext()
    {
        var rest = _body[_next..];
        if (rest.Length < 8) { return false; }
        int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
        if (length < 8 + rest[6] || length > rest.Length) { return false; }
        _current = new Ikev2ProposalView(rest[..length]);
        _next += length;
        return true;
    }
}
