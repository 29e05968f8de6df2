using System.Globalization;
using System.Net;

namespace DotSwan.Ipsec.Spd;

/// <summary>An IPv4 or IPv6 prefix (address/length) of a policy selector. The address's host bits are cleared.</summary>
public readonly record struct AddressPrefix
{
    /// <summary>Creates a prefix; the host bits of <paramref name="address"/> are cleared.</summary>
    public AddressPrefix(PacketAddress address, int prefixLength)
    {
        int width = address.IsIpv6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, width);
        Address = new PacketAddress(prefixLength == 0 ? UInt128.Zero : address.Value >> (width - prefixLength) << (width - prefixLength), address.IsIpv6);
        PrefixLength = prefixLength;
    }

    /// <summary>The network address.</summary>
    public PacketAddress Address { get; }

    /// <summary>The prefix length in bits (0 to 32 or 128).</summary>
    public int PrefixLength { get; }

    /// <summary>Whether this is an IPv6 prefix.</summary>
    public bool IsIpv6 => Address.IsIpv6;

    /// <summary>0.0.0.0/0.</summary>
    public static AddressPrefix AnyIpv4 => new(new PacketAddress(UInt128.Zero, false), 0);

    /// <summary>::/0.</summary>
    public static AddressPrefix AnyIpv6 => new(new PacketAddress(UInt128.Zero, true), 0);

    /// <summary>A single host (/32 or /128).</summary>
    public static AddressPrefix Host(IPAddress address)
    {
        var value = PacketAddress.FromIPAddress(address);
        return new AddressPrefix(value, value.IsIpv6 ? 128 : 32);
    }

    /// <summary>Whether <paramref name="address"/> lies in the prefix (false for the other address family). Allocates nothing.</summary>
    public bool Contains(PacketAddress address)
    {
        if (address.IsIpv6 != Address.IsIpv6)
        {
            return false;
        }

        int shift = (Address.IsIpv6 ? 128 : 32) - PrefixLength;
        return PrefixLength == 0 || (address.Value ^ Address.Value) >> shift == UInt128.Zero;
    }

    /// <summary>Parses "192.0.2.0/24", "2001:db8::/32" or a bare address (a host prefix); false with a reason otherwise.</summary>
    public static bool TryParse(string text, out AddressPrefix prefix, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        prefix = default;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)
            || address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            error = $"\"{text}\" is not an IPv4 or IPv6 address or prefix (e.g. 10.1.0.0/16, 2001:db8::/32)";
            return false;
        }

        var value = PacketAddress.FromIPAddress(address);
        int width = value.IsIpv6 ? 128 : 32;
        int length = width;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > width))
        {
            error = $"\"{text}\": the prefix length must be 0 to {width}";
            return false;
        }

        prefix = new AddressPrefix(value, length);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Address}/{PrefixLength}";
}
