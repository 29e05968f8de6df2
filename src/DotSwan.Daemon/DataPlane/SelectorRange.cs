using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;

namespace DotSwan.Daemon.DataPlane;

/// <summary>The address range of a traffic selector as packet-address values, matched without allocation (protocol and ports are not checked).</summary>
/// <param name="Start">First address.</param>
/// <param name="End">Last address.</param>
internal readonly record struct SelectorRange(PacketAddress Start, PacketAddress End)
{
    public static SelectorRange Of(TrafficSelector selector) =>
        new(PacketAddress.FromIPAddress(selector.StartAddress), PacketAddress.FromIPAddress(selector.EndAddress));

    public bool Contains(PacketAddress address) =>
        address.IsIpv6 == Start.IsIpv6 && address.Value >= Start.Value && address.Value <= End.Value;

    public static bool AnyContains(SelectorRange[] ranges, PacketAddress address)
    {
        foreach (var range in ranges)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
