using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>One traffic selector, read in place.</summary>
public readonly ref struct Ikev2TrafficSelectorView
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal Ikev2TrafficSelectorView(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>IPv4 or IPv6 address range.</summary>
    public TrafficSelectorType Type => (TrafficSelectorType)_bytes[0];

    /// <summary>IP protocol, 0 for any.</summary>
    public byte IpProtocol => _bytes[1];

    /// <summary>First port.</summary>
    public ushort StartPort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[4..]);

    /// <summary>Last port.</summary>
    public ushort EndPort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[6..]);

    /// <summary>First address (4 or 16 bytes).</summary>
    public ReadOnlySpan<byte> StartAddress => _bytes.Slice(8, (_bytes.Length - 8) / 2);

    /// <summary>Last address (4 or 16 bytes).</summary>
    public ReadOnlySpan<byte> EndAddress => _bytes[(8 + ((_bytes.Length - 8) / 2))..];
}
