using System.Net;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.TrafficSelectors;

/// <summary>
/// Traffic selectors as IKEv1 Quick Mode IDci/IDcr payloads (RFC 2407 §4.6.2): a host becomes ID_IPV4_ADDR/ID_IPV6_ADDR,
/// a CIDR subnet ID_*_ADDR_SUBNET (address and mask), any other range ID_*_ADDR_RANGE. IKEv1 carries one port (0 = any),
/// so a selector with a port range other than all or one port cannot be expressed.
/// </summary>
public static class Ikev1TrafficSelectorConverter
{
    /// <summary>Encodes a selector as an ID payload; false with a reason when IKEv1 cannot express it.</summary>
    public static bool TryToIdPayload(TrafficSelector selector, out IdentificationPayload? payload, out string reason)
    {
        ArgumentNullException.ThrowIfNull(selector);
        payload = null;
        ushort port;
        if (selector.IsAnyPort) { port = 0; }
        else if (selector.StartPort == selector.EndPort) { port = selector.StartPort; }
        else
        {
            reason = $"IKEv1 IDs carry a single port; {selector} has a port range";
            return false;
        }
        bool v6 = selector.IsIpv6;
        int size = v6 ? 16 : 4;
        byte[] data;
        IpsecDoiIdType type;
        if (selector.StartAddress.Equals(selector.EndAddress))
        {
            type = v6 ? IpsecDoiIdType.Ipv6Address : IpsecDoiIdType.Ipv4Address;
            data = selector.StartAddress.GetAddressBytes();
        }
        else if (selector.PrefixLength is { } prefix)
        {
            type = v6 ? IpsecDoiIdType.Ipv6AddressSubnet : IpsecDoiIdType.Ipv4AddressSubnet;
            data = new byte[2 * size];
            selector.StartAddress.TryWriteBytes(data, out _);
            UInt128 mask = prefix == 0 ? UInt128.Zero : UInt128.MaxValue << ((v6 ? 128 : 32) - prefix);
            TrafficSelector.FromValue(mask, v6).TryWriteBytes(data.AsSpan(size), out _);
        }
        else
        {
            type = v6 ? IpsecDoiIdType.Ipv6AddressRange : IpsecDoiIdType.Ipv4AddressRange;
            data = new byte[2 * size];
            selector.StartAddress.TryWriteBytes(data, out _);
            selector.EndAddress.TryWriteBytes(data.AsSpan(size), out _);
        }
        payload = new IdentificationPayload(type, selector.Protocol, port, data);
        reason = "";
        return true;
    }

    /// <summary>Decodes an IDci/IDcr payload; false with a reason for non-address IDs or malformed data.</summary>
    public static bool TryFromIdPayload(IdentificationPayload payload, out TrafficSelector? selector, out string reason)
    {
        ArgumentNullException.ThrowIfNull(payload);
        selector = null;
        var data = payload.Data.Span;
        int required = IdentificationPayload.RequiredDataLength(payload.IdType);
        if (required < 0 || payload.IdType is IpsecDoiIdType.Reserved)
        {
            reason = $"ID type {payload.IdType} is not an address selector";
            return false;
        }
        if (data.Length != required)
        {
            reason = $"{payload.IdType} needs {required} bytes of data, got {data.Length}";
            return false;
        }
        ushort startPort = payload.Port, endPort = payload.Port == 0 ? ushort.MaxValue : payload.Port;
        IPAddress start, end;
        switch (payload.IdType)
        {
            case IpsecDoiIdType.Ipv4Address or IpsecDoiIdType.Ipv6Address:
                start = end = new IPAddress(data);
                break;
            case IpsecDoiIdType.Ipv4AddressSubnet or IpsecDoiIdType.Ipv6AddressSubnet:
            {
                int size = data.Length / 2;
                bool v6 = size == 16;
                UInt128 mask = TrafficSelector.ToValue(new IPAddress(data[size..]));
                UInt128 full = v6 ? UInt128.MaxValue : uint.MaxValue;
                UInt128 host = ~mask & full;
                if (((host + 1) & host) != 0)
                {
                    reason = "subnet mask is not contiguous";
                    return false;
                }
                UInt128 network = TrafficSelector.ToValue(new IPAddress(data[..size])) & mask;
                start = TrafficSelector.FromValue(network, v6);
                end = TrafficSelector.FromValue(network | host, v6);
                break;
            }
            default:
            {
                int size = data.Length / 2;
                start = new IPAddress(data[..size]);
                end = new IPAddress(data[size..]);
                break;
            }
        }
        return TrafficSelector.TryCreate(start, end, payload.ProtocolId, startPort, endPort, out selector, out reason);
    }
}
