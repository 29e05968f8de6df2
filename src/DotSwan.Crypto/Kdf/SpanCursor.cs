namespace DotSwan.Crypto.Kdf;

/// <summary>Concatenates PRF input pieces into a span (a local variable: it is mutable).</summary>
internal ref struct SpanCursor
{
    private readonly Span<byte> _span;
    private int _position;

    /// <summary>Writes into <paramref name="span"/> from its start.</summary>
    public SpanCursor(Span<byte> span) => _span = span;

    /// <summary>The bytes appended so far.</summary>
    public readonly Span<byte> Written => _span[.._position];

    /// <summary>Appends <paramref name="part"/>.</summary>
    public void Append(ReadOnlySpan<byte> part)
    {
        part.CopyTo(_span[_position..]);
        _position += part.Length;
    }

    /// <summary>Appends one octet.</summary>
    public void Append(byte value)
    {
        _span[_position] = value;
        _position++;
    }
}
