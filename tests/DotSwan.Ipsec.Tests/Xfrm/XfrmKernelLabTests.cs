using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Backends.Xfrm;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Spd;
using DotSwan.TestSupport.Lab;
using Xunit.Abstractions;

namespace DotSwan.Ipsec.Tests.Xfrm;

/// <summary>
/// The encoder's messages sent to this machine's kernel on NETLINK_XFRM inside a throwaway namespace (TestData/xfrm/netlink_send.py).
/// The kernel has the XFRM netlink interface and policy database but no ESP or AH (and no rfc4106 AEAD) modules: policies
/// are installed for real and read back with `ip xfrm policy`; SAs are parsed and validated by the kernel and then refused
/// only for the missing protocol or algorithm — never EINVAL, which a malformed message gets.
/// </summary>
public sealed class XfrmKernelLabTests(ITestOutputHelper output)
{
    private const int Einval = -22;

    private static AddressPrefix P(string text) => AddressPrefix.TryParse(text, out var p, out var e) ? p : throw new ArgumentException(e);

    [LabFact]
    public void The_kernel_installs_our_policies_and_parses_our_sas()
    {
        using var pair = new NetworkNamespacePair();
        var ns = pair.A;
        var selector = new PolicySelector(P("10.1.0.0/16"), P("10.2.0.0/16"), 6, remotePorts: PortRange.Single(443));
        var protect = new SecurityPolicy(1, PolicyDirection.Out, selector, PolicyAction.Protect, 100,
            new SaTemplate(7, IpsecMode.Tunnel, IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2")));
        var inbound = new SecurityPolicy(2, PolicyDirection.In, selector, PolicyAction.Protect, 100,
            new SaTemplate(7, IpsecMode.Tunnel, IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2")));
        var discard = new SecurityPolicy(3, PolicyDirection.In, new PolicySelector(P("fd00:1::/64"), P("fd00:2::/64")), PolicyAction.Discard, 5);
        Assert.True(XfrmMessages.TryNewPolicy(protect, IpsecProtocol.Esp, 1, out var newOut, out var error), error);
        Assert.True(XfrmMessages.TryNewPolicy(inbound, IpsecProtocol.Ah, 2, out var newIn, out error), error);
        Assert.True(XfrmMessages.TryNewPolicy(discard, IpsecProtocol.Esp, 3, out var newDiscard, out error), error);

        var answers = Send(ns, newOut, newIn, newDiscard, newOut);
        Assert.Equal(["ack 0", "ack 0", "ack 0"], answers.Take(3));
        Assert.StartsWith("ack -17", answers[3], StringComparison.Ordinal); // EEXIST: NLM_F_EXCL on a second add

        string policies = ns.Run("ip", "xfrm", "policy").EnsureSuccess().StandardOutput;
        output.WriteLine(policies);
        string normalized = string.Join(' ', policies.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 443 dir out priority 100", normalized, StringComparison.Ordinal);
        Assert.Contains("tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 7 mode tunnel", normalized, StringComparison.Ordinal);
        // In: the packet comes from the remote side, the SA from the peer to us.
        Assert.Contains("src 10.2.0.0/16 dst 10.1.0.0/16 proto tcp sport 443 dir in priority 100", normalized, StringComparison.Ordinal);
        Assert.Contains("tmpl src 192.0.2.2 dst 192.0.2.1 proto ah reqid 7 mode tunnel", normalized, StringComparison.Ordinal);
        Assert.Contains("src fd00:2::/64 dst fd00:1::/64 dir in action block priority 5", normalized, StringComparison.Ordinal);

        Assert.True(XfrmMessages.TryDeletePolicy(selector, PolicyDirection.Out, 4, out var deleteOut, out error), error);
        Assert.True(XfrmMessages.TryDeletePolicy(selector, PolicyDirection.In, 5, out var deleteIn, out error), error);
        Assert.Equal(["ack 0", "ack 0"], Send(ns, deleteOut, deleteIn));
        string left = ns.Run("ip", "xfrm", "policy").EnsureSuccess().StandardOutput;
        Assert.DoesNotContain("10.1.0.0", left, StringComparison.Ordinal);
        Assert.Contains("fd00:2::/64", left, StringComparison.Ordinal);

        // SAs: parsed and validated, refused only for what this kernel lacks.
        var gcm = new SecurityAssociationSettings
        {
            Spi = 0xc0ffee01, Direction = SaDirection.Outbound, Source = IPAddress.Parse("192.0.2.1"), Destination = IPAddress.Parse("192.0.2.2"),
            Encryption = EncryptionAlgorithm.AesGcm16, EncryptionKeyLengthBits = 128, UdpEncapsulation = UdpEncapsulationPorts.Default,
            ExtendedSequenceNumbers = true, ReplayWindowSize = 128, Lifetimes = SaLifetimes.Default,
        };
        var ah = new SecurityAssociationSettings
        {
            Spi = 0x300, Direction = SaDirection.Inbound, Source = IPAddress.Parse("2001:db8::1"), Destination = IPAddress.Parse("2001:db8::2"),
            Protocol = IpsecProtocol.Ah, Encryption = EncryptionAlgorithm.Null, Integrity = IntegrityAlgorithm.HmacSha256128, Mode = IpsecMode.Transport,
        };
        Assert.True(XfrmMessages.TryNewSa(gcm, 7, new byte[20], [], 6, out var newGcm, out error), error);
        Assert.True(XfrmMessages.TryNewSa(ah, 7, [], new byte[32], 7, out var newAh, out error), error);
        var deleteSa = XfrmMessages.DeleteSa(PacketAddress.FromIPAddress(IPAddress.Parse("192.0.2.2")), 0xc0ffee01, IpsecProtocol.Esp, 8);
        var getSa = XfrmMessages.GetSa(PacketAddress.FromIPAddress(IPAddress.Parse("2001:db8::2")), 0x300, IpsecProtocol.Ah, 9);
        var saAnswers = Send(ns, newGcm, newAh, deleteSa, getSa);
        output.WriteLine(string.Join('\n', saAnswers));
        Assert.All(saAnswers, answer => Assert.DoesNotContain($"ack {Einval}", answer, StringComparison.Ordinal));
        Assert.Equal("ack -38 Requested AEAD algorithm not found", saAnswers[0]); // ENOSYS: no rfc4106(gcm(aes)) here
        Assert.Equal("ack -93 Requested type not found", saAnswers[1]); // EPROTONOSUPPORT: no AH here
        Assert.Equal(["ack -3", "ack -3"], saAnswers[2..]); // ESRCH: well-formed, no such SA
    }

    private List<string> Send(NetworkNamespace ns, params byte[][] messages)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "TestData", "xfrm", "netlink_send.py");
        var result = ns.Run("python3", [script, .. messages.Select(Convert.ToHexString)], TimeSpan.FromSeconds(30));
        Assert.True(result.Succeeded, result.ToString());
        output.WriteLine(result.StandardOutput);
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
