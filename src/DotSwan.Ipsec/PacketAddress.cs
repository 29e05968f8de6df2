using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DotSwan.Ipsec;

/// <summary>
/// An IPv4 or IPv6 address as a value (no allocation), for SAD keys and header building on the data path.
/// IPv4 addresses keep their 32 bits in the low bits of <see cref="Value"/>.
/// </summary>
/// <param name="Value">The address bits, big-endian order read as a number.</param>
/// <param name="IsIpv6">Whether the address is IPv6.</param>
public readonly record struct PacketAddress(UInt128 Value, bool IsIpv6)
{
    /// <summary>The length of the address in bytes: 4 or 16.</summary>
    public int Length => IsIpv6 ? 16 : 4;

    /// <summary>Reads a 4-byte (IPv4) or 16-byte (IPv6) address; false for any other length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out PacketAddress address)
    {
        switch (bytes.Length)
        {
            case 4:
                address = new PacketAddress(BinaryPrimitives.ReadUInt32BigEndian(bytes), IsIpv6: false);
                return true;
            case 16:
                address = new PacketAddress(BinaryPrimitives.ReadUInt128BigEndian(bytes), IsIpv6: true);
                return true;
            default:
                address = default;
                return false;
        }
    }

    /// <summary>Converts an <see cref="IPAddress"/> (IPv4-mapped IPv6 addresses stay IPv6).</summary>
    public static PacketAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written) || !TryRead(bytes[..written], out var result))
        {
            throw new ArgumentException("not an IPv4 or IPv6 address", nameof(address));
        }

        return result;
    }

    /// <summary>Writes the address bytes (4 or 16) into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (IsIpv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, Value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Value);
        }
    }

    /// <summary>The address as an <see cref="IPAddress"/> (allocates: not for the data path).</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteTo(bytes);
        return new IPAddress(bytes[..Length]);
    }

    /// <summary>The address family.</summary>
    public AddressFamily AddressFamily => IsIpv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <inheritdoc />
    public override string ToString() => ToIPAddress().ToString();
}
