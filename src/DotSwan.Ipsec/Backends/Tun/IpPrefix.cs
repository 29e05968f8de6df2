using System.Globalization;
using System.Net;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>An IPv4 or IPv6 prefix (address and length) that matches packet addresses without allocating.</summary>
/// <param name="Network">The network address (host bits are ignored when matching).</param>
/// <param name="Length">The prefix length in bits: 0 to 32 for IPv4, 0 to 128 for IPv6.</param>
public readonly record struct IpPrefix(PacketAddress Network, int Length)
{
    /// <summary>Parses "10.2.0.0/24", "2001:db8::/32" or a bare address (a host prefix). Configuration input: invalid text throws.</summary>
    public static IpPrefix Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = PacketAddress.FromIPAddress(IPAddress.Parse(slash < 0 ? text : text[..slash]));
        int bits = address.Length * 8;
        int length = slash < 0 ? bits : int.Parse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, bits, nameof(text));
        return new IpPrefix(address, length);
    }

    /// <summary>Whether <paramref name="address"/> (of the same family) lies in the prefix.</summary>
    public bool Contains(PacketAddress address)
    {
        if (address.IsIpv6 != Network.IsIpv6)
        {
            return false;
        }

        if (Length == 0)
        {
            return true;
        }

        int shift = (Network.IsIpv6 ? 128 : 32) - Length;
        return (address.Value >> shift) == (Network.Value >> shift);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Network}/{Length}";
}
