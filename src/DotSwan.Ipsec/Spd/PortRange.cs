namespace DotSwan.Ipsec.Spd;

/// <summary>An inclusive range of transport ports of a policy selector; <see cref="Any"/> is 0-65535.</summary>
/// <param name="Start">The first port.</param>
/// <param name="End">The last port (inclusive).</param>
public readonly record struct PortRange(ushort Start, ushort End)
{
    /// <summary>Every port.</summary>
    public static PortRange Any => new(0, ushort.MaxValue);

    /// <summary>One port.</summary>
    public static PortRange Single(ushort port) => new(port, port);

    /// <summary>Whether this is every port.</summary>
    public bool IsAny => Start == 0 && End == ushort.MaxValue;

    /// <summary>How many ports the range holds (0 when Start &gt; End: it matches nothing).</summary>
    public int Width => End >= Start ? End - Start + 1 : 0;

    /// <summary>Whether <paramref name="port"/> is in the range.</summary>
    public bool Contains(ushort port) => port >= Start && port <= End;

    /// <inheritdoc />
    public override string ToString() => IsAny ? "any" : Start == End ? $"{Start}" : $"{Start}-{End}";
}
