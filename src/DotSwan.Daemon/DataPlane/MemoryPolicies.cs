using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Memory;
using DotSwan.Ipsec.Spd;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// The SPD entries of one Child SA in a <see cref="MemoryIpsecDriver"/>: an Out and an In Protect policy per pair of
/// selectors that are whole prefixes (ranges that are not stay without a policy: their packets are not protected).
/// </summary>
internal static class MemoryPolicies
{
    /// <summary>Installs the policies of <paramref name="installation"/> for request id <paramref name="reqId"/>; their ids.</summary>
    public static IEnumerable<uint> Install(MemoryIpsecDriver driver, uint reqId, ChildSaInstallation installation, Func<uint> nextId)
    {
        var template = new SaTemplate(reqId, installation.Outbound.Settings.Mode, installation.Outbound.Settings.Source,
            installation.Outbound.Settings.Destination);
        var ids = new List<uint>();
        foreach (var local in installation.LocalTrafficSelectors)
        {
            foreach (var remote in installation.RemoteTrafficSelectors)
            {
                if (local.IsIpv6 != remote.IsIpv6 || !TryPrefix(local, out var localPrefix) || !TryPrefix(remote, out var remotePrefix))
                {
                    continue;
                }

                byte? protocol = local.Protocol != 0 ? local.Protocol : remote.Protocol != 0 ? remote.Protocol : null;
                var selector = new PolicySelector(localPrefix, remotePrefix, protocol,
                    new PortRange(local.StartPort, local.EndPort), new PortRange(remote.StartPort, remote.EndPort));
                foreach (var direction in (PolicyDirection[])[PolicyDirection.Out, PolicyDirection.In])
                {
                    uint id = nextId();
                    driver.InstallPolicy(new SecurityPolicy(id, direction, selector, PolicyAction.Protect, template: template));
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private static bool TryPrefix(TrafficSelector selector, out AddressPrefix prefix)
    {
        var start = PacketAddress.FromIPAddress(selector.StartAddress);
        var end = PacketAddress.FromIPAddress(selector.EndAddress);
        int bits = selector.IsIpv6 ? 128 : 32;
        UInt128 hostMask = end.Value - start.Value;
        int hostBits = hostMask == UInt128.MaxValue ? 128 : 128 - (int)UInt128.LeadingZeroCount(hostMask);
        bool whole = end.Value >= start.Value
                     && (hostBits == 128 || (hostMask & (hostMask + 1)) == 0)
                     && (start.Value & hostMask) == 0
                     && hostBits <= bits;
        prefix = whole ? new AddressPrefix(start, bits - hostBits) : default;
        return whole;
    }
}
