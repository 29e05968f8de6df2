using System.Net;

namespace DotSwan.Wire.Ikev2;

/// <summary>One traffic selector (RFC 7296 section 3.13.1): an address range, a port range and an IP protocol.</summary>
/// <param name="Type">IPv4 or IPv6 address range; the addresses must be of that family.</param>
/// <param name="IpProtocol">IP protocol number, 0 for any.</param>
/// <param name="StartPort">First port (0 for any).</param>
/// <param name="EndPort">Last port (65535 for any).</param>
/// <param name="StartAddress">First address of the range.</param>
/// <param name="EndAddress">Last address of the range.</param>
public sealed record TrafficSelector(TrafficSelectorType Type, byte IpProtocol, ushort StartPort, ushort EndPort, IPAddress StartAddress, IPAddress EndAddress)
{
    internal int EncodedLength => Type == TrafficSelectorType.Ipv6AddressRange ? 40 : 16;

    internal void Write(ref WireWriter writer)
    {
        int addressLength = Type == TrafficSelectorType.Ipv6AddressRange ? 16 : 4;
        writer.WriteByte((byte)Type);
        writer.WriteByte(IpProtocol);
        writer.WriteUInt16((ushort)EncodedLength);
        writer.WriteUInt16(StartPort);
        writer.WriteUInt16(EndPort);
        WriteAddress(ref writer, StartAddress, addressLength);
        WriteAddress(ref writer, EndAddress, addressLength);
    }

    private static void WriteAddress(ref WireWriter writer, IPAddress address, int length)
    {
        // Reserve the bytes, then let IPAddress fill them in place (no temporary array).
        writer.WriteZeros(length);
        if (!address.TryWriteBytes(writer.Written[^length..], out int written) || written != length)
        {
            throw new InvalidOperationException("A traffic selector's addresses must match its type.");
        }
    }
}
