using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DotSwan.Ike.TrafficSelectors;

/// <summary>
/// An IKEv2 traffic selector (RFC 7296 §3.13.1): an inclusive address range of one family, an IP protocol (0 = any) and
/// an inclusive port range. For ICMP the "ports" carry type and code as RFC 4301 §4.4.1.1 describes. Immutable; build with
/// <see cref="TryCreate"/>, <see cref="FromSubnet"/> or <see cref="TrafficSelectorParser"/>.
/// </summary>
public sealed class TrafficSelector : IEquatable<TrafficSelector>
{
    private TrafficSelector(IPAddress start, IPAddress end, byte protocol, ushort startPort, ushort endPort)
    {
        StartAddress = start;
        EndAddress = end;
        Protocol = protocol;
        StartPort = startPort;
        EndPort = endPort;
    }

    /// <summary>First address of the range.</summary>
    public IPAddress StartAddress { get; }

    /// <summary>Last address of the range (inclusive).</summary>
    public IPAddress EndAddress { get; }

    /// <summary>IP protocol number; 0 means any protocol.</summary>
    public byte Protocol { get; }

    /// <summary>First port (inclusive).</summary>
    public ushort StartPort { get; }

    /// <summary>Last port (inclusive).</summary>
    public ushort EndPort { get; }

    /// <summary>True for an IPv6 selector (TS_IPV6_ADDR_RANGE), false for IPv4 (TS_IPV4_ADDR_RANGE).</summary>
    public bool IsIpv6 => StartAddress.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>True when every port is included.</summary>
    public bool IsAnyPort => StartPort == 0 && EndPort == ushort.MaxValue;

    /// <summary>Every IPv4 address, protocol and port (<c>0.0.0.0/0</c>).</summary>
    public static TrafficSelector AnyIpv4 { get; } = FromSubnet(IPAddress.Any, 0);

    /// <summary>Every IPv6 address, protocol and port (<c>::/0</c>).</summary>
    public static TrafficSelector AnyIpv6 { get; } = FromSubnet(IPAddress.IPv6Any, 0);

    /// <summary>Validates and builds a selector: both addresses of one family, start ≤ end for addresses and ports.</summary>
    public static bool TryCreate(IPAddress start, IPAddress end, byte protocol, ushort startPort, ushort endPort, out TrafficSelector? selector, out string reason)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        selector = null;
        if (start.AddressFamily != end.AddressFamily || start.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            reason = "start and end address must both be IPv4 or both IPv6";
            return false;
        }
        if (ToValue(start) > ToValue(end))
        {
            reason = $"start address {start} is above end address {end}";
            return false;
        }
        if (startPort > endPort)
        {
            reason = $"start port {startPort} is above end port {endPort}";
            return false;
        }
        selector = new TrafficSelector(WithoutScope(start), WithoutScope(end), protocol, startPort, endPort);
        reason = "";
        return true;
    }

    /// <summary>A selector for a CIDR subnet (host bits of <paramref name="network"/> are ignored).</summary>
    public static TrafficSelector FromSubnet(IPAddress network, int prefixLength, byte protocol = 0, ushort startPort = 0, ushort endPort = ushort.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(network);
        int bits = network.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, bits);
        UInt128 hostMask = prefixLength == bits ? UInt128.Zero
            : bits - prefixLength == 128 ? UInt128.MaxValue
            : (UInt128.One << (bits - prefixLength)) - 1;
        UInt128 value = ToValue(network);
        var start = FromValue(value & ~hostMask, bits == 128);
        var end = FromValue(value | hostMask, bits == 128);
        return TryCreate(start, end, protocol, startPort, endPort, out var selector, out var reason)
            ? selector!
            : throw new ArgumentException(reason, nameof(startPort));
    }

    /// <summary>The prefix length when the address range is exactly one CIDR subnet, else null.</summary>
    public int? PrefixLength
    {
        get
        {
            int bits = IsIpv6 ? 128 : 32;
            UInt128 start = ToValue(StartAddress), end = ToValue(EndAddress);
            UInt128 span = end - start; // a subnet's span is 2^k - 1 and its start is aligned to 2^k
            if (((span + 1) & span) != 0 || (start & span) != 0) { return null; }
            int hostBits = (int)UInt128.PopCount(span);
            return bits - hostBits;
        }
    }

    /// <summary>Whether <paramref name="other"/> lies entirely inside this selector.</summary>
    public bool Contains(TrafficSelector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.IsIpv6 == IsIpv6
            && ToValue(other.StartAddress) >= ToValue(StartAddress) && ToValue(other.EndAddress) <= ToValue(EndAddress)
            && (Protocol == 0 || Protocol == other.Protocol)
            && other.StartPort >= StartPort && other.EndPort <= EndPort;
    }

    /// <summary>The common part of two selectors, or null when they share nothing (other family, protocol or no overlap).</summary>
    public TrafficSelector? Intersect(TrafficSelector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsIpv6 != IsIpv6) { return null; }
        if (Protocol != 0 && other.Protocol != 0 && Protocol != other.Protocol) { return null; }
        UInt128 start = UInt128.Max(ToValue(StartAddress), ToValue(other.StartAddress));
        UInt128 end = UInt128.Min(ToValue(EndAddress), ToValue(other.EndAddress));
        ushort startPort = Math.Max(StartPort, other.StartPort);
        ushort endPort = Math.Min(EndPort, other.EndPort);
        if (start > end || startPort > endPort) { return null; }
        return new TrafficSelector(FromValue(start, IsIpv6), FromValue(end, IsIpv6), Protocol != 0 ? Protocol : other.Protocol, startPort, endPort);
    }

    /// <summary>strongSwan's notation: <c>10.1.0.0/24</c>, <c>10.0.0.1..10.0.0.9</c>, with <c>[tcp/443]</c> when narrowed.</summary>
    public override string ToString()
    {
        string addresses = PrefixLength is { } prefix
            ? string.Create(CultureInfo.InvariantCulture, $"{StartAddress}/{prefix}")
            : $"{StartAddress}..{EndAddress}";
        if (Protocol == 0 && IsAnyPort) { return addresses; }
        string protocol = TrafficSelectorParser.ProtocolName(Protocol);
        if (IsAnyPort) { return $"{addresses}[{protocol}]"; }
        string ports = StartPort == EndPort
            ? StartPort.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{StartPort}-{EndPort}");
        return $"{addresses}[{protocol}/{ports}]";
    }

    /// <inheritdoc/>
    public bool Equals(TrafficSelector? other) =>
        other is not null && StartAddress.Equals(other.StartAddress) && EndAddress.Equals(other.EndAddress)
        && Protocol == other.Protocol && StartPort == other.StartPort && EndPort == other.EndPort;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TrafficSelector other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StartAddress, EndAddress, Protocol, StartPort, EndPort);

    internal static UInt128 ToValue(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    internal static IPAddress FromValue(UInt128 value, bool ipv6)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!ipv6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
            return new IPAddress(bytes[..4]);
        }
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    private static IPAddress WithoutScope(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? FromValue(ToValue(address), true) : address;
}
