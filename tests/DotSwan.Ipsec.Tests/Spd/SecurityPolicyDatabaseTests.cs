using System.Net;
using CsCheck;
using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Tests.Spd;

public sealed class SecurityPolicyDatabaseTests
{
    private static AddressPrefix P(string text)
    {
        Assert.True(AddressPrefix.TryParse(text, out var prefix, out var error), error);
        return prefix;
    }

    private static PacketSelector S(string source, string destination, byte protocol = 17, ushort sourcePort = 1000, ushort destinationPort = 2000)
    {
        Assert.True(PacketSelector.TryParse(SpdPackets.Packet(source, destination, protocol, sourcePort, destinationPort), out var selector));
        return selector;
    }

    private static SecurityPolicy Policy(uint id, string local, string remote, PolicyAction action = PolicyAction.Bypass, int priority = 0,
        PolicyDirection direction = PolicyDirection.Out, byte? protocol = null, PortRange? localPorts = null, PortRange? remotePorts = null)
        => new(id, direction, new PolicySelector(P(local), P(remote), protocol, localPorts, remotePorts), action, priority,
            action == PolicyAction.Protect ? new SaTemplate(id) : null);

    private static uint? Lookup(SecurityPolicyDatabase spd, PolicyDirection direction, PacketSelector packet)
        => spd.TryLookup(direction, packet, out var policy) ? policy!.Id : null;

    [Fact]
    public void Lower_priority_value_wins_over_a_more_specific_selector()
    {
        var spd = new SecurityPolicyDatabase();
        spd.Install(Policy(1, "10.1.0.0/16", "10.2.0.0/16", PolicyAction.Protect, priority: 10));
        spd.Install(Policy(2, "0.0.0.0/0", "0.0.0.0/0", PolicyAction.Discard, priority: 5));

        Assert.Equal(2u, Lookup(spd, PolicyDirection.Out, S("10.1.0.1", "10.2.0.1")));
    }

    [Fact]
    public void Among_equal_priorities_the_most_specific_wins_whatever_the_install_order()
    {
        var spd = new SecurityPolicyDatabase();
        spd.Install(Policy(1, "10.0.0.0/8", "0.0.0.0/0", PolicyAction.Protect));
        spd.Install(Policy(2, "10.1.0.0/16", "10.2.0.0/16", PolicyAction.Protect));
        spd.Install(Policy(3, "10.1.0.0/16", "10.2.0.0/16", PolicyAction.Bypass, protocol: 6));
        spd.Install(Policy(4, "10.1.0.0/16", "10.2.0.0/16", PolicyAction.Discard, protocol: 6, remotePorts: PortRange.Single(22)));

        Assert.Equal(4u, Lookup(spd, PolicyDirection.Out, S("10.1.0.1", "10.2.0.1", 6, 5555, 22)));
        Assert.Equal(3u, Lookup(spd, PolicyDirection.Out, S("10.1.0.1", "10.2.0.1", 6, 5555, 80)));
        Assert.Equal(2u, Lookup(spd, PolicyDirection.Out, S("10.1.0.1", "10.2.0.1", 17, 5555, 22)));
        Assert.Equal(1u, Lookup(spd, PolicyDirection.Out, S("10.1.0.1", "192.0.2.9")));
        Assert.Null(Lookup(spd, PolicyDirection.Out, S("192.0.2.1", "10.2.0.1")));
    }

    [Fact]
    public void Inbound_policies_match_the_source_as_remote_and_directions_are_separate()
    {
        var spd = new SecurityPolicyDatabase();
        spd.Install(Policy(1, "10.1.0.0/16", "10.2.0.0/16", PolicyAction.Protect, direction: PolicyDirection.In, localPorts: PortRange.Single(53)));

        Assert.Equal(1u, Lookup(spd, PolicyDirection.In, S("10.2.0.7", "10.1.0.7", 17, 4000, 53)));
        Assert.Null(Lookup(spd, PolicyDirection.In, S("10.2.0.7", "10.1.0.7", 17, 53, 4000)));
        Assert.Null(Lookup(spd, PolicyDirection.Out, S("10.1.0.7", "10.2.0.7", 17, 53, 4000)));
        Assert.Null(Lookup(spd, PolicyDirection.Forward, S("10.2.0.7", "10.1.0.7", 17, 4000, 53)));
    }

    [Fact]
    public void Ipv6_selectors_match_ipv6_packets_only()
    {
        var spd = new SecurityPolicyDatabase();
        spd.Install(Policy(1, "2001:db8:1::/48", "2001:db8:2::/48", PolicyAction.Protect));
        spd.Install(Policy(2, "::/0", "::/0", PolicyAction.Discard, priority: 100));
        spd.Install(Policy(3, "0.0.0.0/0", "0.0.0.0/0", PolicyAction.Bypass, priority: 100));

        Assert.Equal(1u, Lookup(spd, PolicyDirection.Out, S("2001:db8:1::5", "2001:db8:2::9")));
        Assert.Equal(2u, Lookup(spd, PolicyDirection.Out, S("2001:db8:1::5", "2001:db8:3::9")));
        Assert.Equal(3u, Lookup(spd, PolicyDirection.Out, S("10.0.0.1", "10.0.0.2")));
    }

    [Fact]
    public void Install_replaces_by_id_and_remove_takes_the_policy_out()
    {
        var spd = new SecurityPolicyDatabase();
        spd.Install(Policy(7, "10.1.0.0/16", "10.2.0.0/16", PolicyAction.Bypass));
        spd.Install(Policy(7, "10.1.0.0/16", "10.2.0.0/16", PolicyAction.Discard, direction: PolicyDirection.In));

        Assert.Equal(1, spd.Count);
        Assert.Null(Lookup(spd, PolicyDirection.Out, S("10.1.0.1", "10.2.0.1")));
        Assert.True(spd.TryLookup(PolicyDirection.In, S("10.2.0.1", "10.1.0.1"), out var found));
        Assert.Equal(PolicyAction.Discard, found!.Action);

        Assert.True(spd.Remove(7, out var removed));
        Assert.Same(found, removed);
        Assert.False(spd.Remove(7, out _));
        Assert.Equal(0, spd.Count);
    }

    [Fact]
    public void Protect_needs_a_template_and_prefixes_parse_with_clear_errors()
    {
        Assert.Throws<ArgumentException>(() => new SecurityPolicy(1, PolicyDirection.Out,
            new PolicySelector(AddressPrefix.AnyIpv4, AddressPrefix.AnyIpv4), PolicyAction.Protect));
        Assert.Throws<ArgumentException>(() => new PolicySelector(AddressPrefix.AnyIpv4, AddressPrefix.AnyIpv6));
        Assert.False(AddressPrefix.TryParse("10.0.0.0/33", out _, out var error));
        Assert.Contains("0 to 32", error, StringComparison.Ordinal);
        Assert.False(AddressPrefix.TryParse("gateway/8", out _, out error));
        Assert.Contains("not an IPv4 or IPv6", error, StringComparison.Ordinal);
        Assert.Equal("10.1.0.0/16", P("10.1.2.3/16").ToString());
    }

    [Fact]
    public void Lookup_allocates_nothing()
    {
        var spd = new SecurityPolicyDatabase();
        for (uint i = 0; i < 20; i++)
        {
            spd.Install(Policy(i, $"10.{i}.0.0/16", "10.200.0.0/16", PolicyAction.Protect));
        }

        var packet = S("10.19.0.1", "10.200.0.1");
        Assert.Equal(19u, Lookup(spd, PolicyDirection.Out, packet));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            spd.TryLookup(PolicyDirection.Out, packet, out _);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    // An independent naive model: filter every policy with byte-wise prefix checks, then order by the documented precedence.
    private static uint? NaiveLookup(IReadOnlyList<SecurityPolicy> policies, PolicyDirection direction, IPAddress src, IPAddress dst, byte protocol, ushort sport, ushort dport)
    {
        bool outbound = direction == PolicyDirection.Out;
        var local = outbound ? src : dst;
        var remote = outbound ? dst : src;
        ushort localPort = outbound ? sport : dport;
        ushort remotePort = outbound ? dport : sport;
        return policies
            .Where(p => p.Direction == direction
                        && InPrefix(local, p.Selector.Local) && InPrefix(remote, p.Selector.Remote)
                        && (p.Selector.Protocol is null || p.Selector.Protocol == protocol)
                        && localPort >= p.Selector.LocalPorts.Start && localPort <= p.Selector.LocalPorts.End
                        && remotePort >= p.Selector.RemotePorts.Start && remotePort <= p.Selector.RemotePorts.End)
            .OrderBy(p => p.Priority)
            .ThenByDescending(p => p.Selector.Local.PrefixLength + p.Selector.Remote.PrefixLength)
            .ThenByDescending(p => p.Selector.Protocol.HasValue)
            .ThenBy(p => p.Selector.LocalPorts.Width + p.Selector.RemotePorts.Width)
            .ThenBy(p => p.Id)
            .Select(p => (uint?)p.Id)
            .FirstOrDefault();
    }

    private static bool InPrefix(IPAddress address, AddressPrefix prefix)
    {
        var a = address.GetAddressBytes();
        var n = prefix.Address.ToIPAddress().GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        for (int bit = 0; bit < prefix.PrefixLength; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Lookup_equals_a_naive_linear_scan_for_random_policies_and_packets()
    {
        // Small address and port spaces so that policies overlap often.
        var genAddress = Gen.Select(Gen.Bool, Gen.Byte[0, 3], Gen.Byte[0, 3]).Select((v6, a, b) =>
            v6 ? IPAddress.Parse($"2001:db8:{a}::{b}") : IPAddress.Parse($"10.{a}.0.{b}"));
        var genPrefix = Gen.Select(Gen.Byte[0, 3], Gen.Byte[0, 3], Gen.Int[0, 4]).Select((a, b, level) => (a, b, level));
        var genPorts = Gen.Select(Gen.UShort[0, 6], Gen.UShort[0, 6], Gen.Bool).Select((x, y, any) =>
            any ? PortRange.Any : new PortRange(Math.Min(x, y), Math.Max(x, y)));
        var genPolicy = Gen.Select(Gen.Select(genPrefix, genPrefix, Gen.Bool), Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 3]), Gen.Select(genPorts, genPorts))
            .Select((prefixes, kinds, ports) =>
            {
                var (local, remote, v6) = prefixes;
                var (direction, action, protocolKind) = kinds;
                AddressPrefix Make((byte A, byte B, int Level) p) => v6
                    ? P($"2001:db8:{p.A}::{p.B}/{new[] { 0, 16, 32, 48, 128 }[p.Level]}")
                    : P($"10.{p.A}.0.{p.B}/{new[] { 0, 8, 16, 24, 32 }[p.Level]}");
                byte? protocol = protocolKind switch { 0 => null, 1 => 6, _ => 17 };
                return (Selector: new PolicySelector(Make(local), Make(remote), protocol, ports.Item1, ports.Item2),
                    Direction: (PolicyDirection)direction, Action: (PolicyAction)action);
            });
        var genPacket = Gen.Select(genAddress, genAddress, Gen.Select(Gen.Int[0, 2], Gen.UShort[0, 6], Gen.UShort[0, 6]));
        var genCase = Gen.Select(genPolicy.Array[0, 12], Gen.Int[-2, 2].Array[12], genPacket.Array[1, 10]);

        genCase.Sample((specs, priorities, packets) =>
        {
            var spd = new SecurityPolicyDatabase();
            var policies = new List<SecurityPolicy>();
            for (int i = 0; i < specs.Length; i++)
            {
                var (selector, direction, action) = specs[i];
                var policy = new SecurityPolicy((uint)(100 - i), direction, selector, action, priorities[i],
                    action == PolicyAction.Protect ? new SaTemplate((uint)i) : null);
                policies.Add(policy);
                spd.Install(policy);
            }

            foreach (var (src, dst0, (protocolKind, sport, dport)) in packets)
            {
                // One family per packet: take the destination's family from the source.
                var dst = src.AddressFamily == dst0.AddressFamily ? dst0 : src;
                byte protocol = protocolKind switch { 0 => 1, 1 => 6, _ => 17 };
                var bytes = SpdPackets.Packet(src.ToString(), dst.ToString(), protocol, sport, dport);
                Assert.True(PacketSelector.TryParse(bytes, out var selector));
                var (expectedSport, expectedDport) = protocol == 1 ? ((ushort)0, (ushort)0) : (sport, dport);
                foreach (var direction in Enum.GetValues<PolicyDirection>())
                {
                    uint? expected = NaiveLookup(policies, direction, src, dst, protocol, expectedSport, expectedDport);
                    Assert.Equal(expected, Lookup(spd, direction, selector));
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Install_replace_and_remove_keep_every_direction_in_precedence_order_like_a_full_sort()
    {
        // Ids from a small range so installs often replace a policy, sometimes moving it to another direction.
        var genStep = Gen.Select(Gen.Int[0, 3], Gen.UInt[1, 12], Gen.Select(Gen.Int[0, 2], Gen.Int[-2, 2], Gen.Int[0, 4]));
        genStep.Array[1, 60].Sample(steps =>
        {
            var spd = new SecurityPolicyDatabase();
            var model = new Dictionary<uint, SecurityPolicy>();
            foreach (var (kind, id, (direction, priority, level)) in steps)
            {
                if (kind == 0)
                {
                    bool existed = model.Remove(id, out var expectedRemoved);
                    Assert.Equal(existed, spd.Remove(id, out var removed));
                    Assert.Same(expectedRemoved, removed);
                    continue;
                }

                var policy = new SecurityPolicy(id, (PolicyDirection)direction,
                    new PolicySelector(P($"10.0.0.0/{new[] { 0, 8, 16, 24, 32 }[level]}"), P("0.0.0.0/0"), null, null, null),
                    PolicyAction.Bypass, priority, null);
                model[id] = policy;
                spd.Install(policy);
            }

            Assert.Equal(model.Count, spd.Count);
            foreach (var direction in Enum.GetValues<PolicyDirection>())
            {
                var expected = model.Values.Where(p => p.Direction == direction).ToArray();
                Array.Sort(expected, SecurityPolicy.CompareByPrecedence);
                Assert.Equal(expected, spd.Policies(direction));
            }
        }, iter: 300);
    }

    [Fact]
    public void Thousands_of_installs_and_removals_split_and_drop_chunks_and_keep_the_order_of_a_full_sort()
    {
        // Enough policies for many chunks of SortedPolicyChunks.MaxChunk (256): splits, removals down to empty chunks,
        // replacements that move a policy between directions.
        var genStep = Gen.Select(Gen.Int[0, 4], Gen.UInt[1, 3000], Gen.Select(Gen.Int[0, 2], Gen.Int[-2, 2], Gen.Int[0, 4]));
        genStep.Array[500, 4000].Sample(steps =>
        {
            var spd = new SecurityPolicyDatabase();
            var model = new Dictionary<uint, SecurityPolicy>();
            foreach (var (kind, id, (direction, priority, level)) in steps)
            {
                if (kind == 0)
                {
                    bool existed = model.Remove(id, out var expectedRemoved);
                    Assert.Equal(existed, spd.Remove(id, out var removed));
                    Assert.Same(expectedRemoved, removed);
                    continue;
                }

                var policy = new SecurityPolicy(id, (PolicyDirection)direction,
                    new PolicySelector(P($"10.0.0.0/{new[] { 0, 8, 16, 24, 32 }[level]}"), P("0.0.0.0/0"), null, null, null),
                    PolicyAction.Bypass, priority, null);
                model[id] = policy;
                spd.Install(policy);
            }

            Assert.Equal(model.Count, spd.Count);
            foreach (var direction in Enum.GetValues<PolicyDirection>())
            {
                var expected = model.Values.Where(p => p.Direction == direction).ToArray();
                Array.Sort(expected, SecurityPolicy.CompareByPrecedence);
                Assert.Equal(expected, spd.Policies(direction));
            }

            foreach (var (id, policy) in model)
            {
                Assert.True(spd.TryGet(id, out var found));
                Assert.Same(policy, found);
            }
        }, iter: 20);
    }
}
