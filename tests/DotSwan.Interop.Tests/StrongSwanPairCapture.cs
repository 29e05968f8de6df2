namespace DotSwan.Interop.Tests;

/// <summary>
/// strongSwan ↔ strongSwan in the lab (shared by <see cref="StrongSwanIkev1Tests"/> and <see cref="StrongSwanIkev2Tests"/>):
/// both sides load <c>SwanctlConfig.Psk</c> as changed by the caller, A initiates while A's veth is captured, 3 pings go
/// through, and the check sees both sides' IKE SA, the Child SA and every distinct IKE datagram captured.
/// </summary>
internal static class StrongSwanPairCapture
{
    /// <summary>Runs the scenario; <paramref name="check"/> runs before teardown, and on failure both charon logs are written out.</summary>
    public static void Run(ITestOutputHelper output, Func<SwanctlConfig, SwanctlConfig> configure, Action<CapturedStrongSwanTunnel> check)
    {
        using var scope = new LabScope();
        var pair = scope.Add(new NetworkNamespacePair());
        var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
        var b = scope.Add(new StrongSwanInstance(pair.B, "b"));
        PacketCapture? capture = null;
        try
        {
            a.Load(configure(SwanctlConfig.Psk(pair.A, pair.B)));
            b.Load(configure(SwanctlConfig.Psk(pair.B, pair.A)));
            capture = scope.Add(new PacketCapture(pair.A, pair.A.InterfaceName));

            var initiate = a.Initiate("net");
            Assert.True(initiate.Succeeded, initiate.ToString());
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, ping.ToString());
            output.WriteLine(ping.StandardOutput);
            var listing = a.Swanctl("--list-sas").EnsureSuccess().StandardOutput;
            output.WriteLine(listing);
            var saA = Assert.Single(SwanctlIkeSa.Parse(listing));
            var saB = Assert.Single(b.ListSas());
            var child = Assert.Single(saA.Children);
            // The file lags the wire by up to a block of the kernel buffer: wait (bounded) for what strongSwan counted.
            capture.WaitUntil(d => EspSpis.Covers(d, child), TimeSpan.FromSeconds(5));
            var datagrams = capture.StopAndRead();
            Assert.Equal((saA.InitiatorSpi, saA.ResponderSpi), (saB.InitiatorSpi, saB.ResponderSpi));
            Assert.Equal("INSTALLED", child.State);

            // A retransmission (the machine may be busy) repeats a datagram byte for byte: count each message once.
            var ike = datagrams.Where(d => d.IsIke).DistinctBy(d => Convert.ToHexString(d.IkeMessage.Span)).ToList();
            check(new CapturedStrongSwanTunnel(saA, saB, child, datagrams, ike));

            // The pings went through ESP in UDP with exactly the Child SA's SPIs, both ways.
            EspSpis.AssertMatch(datagrams, child);
            output.WriteLine(child.ToString());
            output.WriteLine($"IKE SA {saA.InitiatorSpi:x16}_i {saA.ResponderSpi:x16}_r, ESP {child.InboundSpi:x8}/{child.OutboundSpi:x8}: "
                + $"{ike.Count} IKE datagrams decoded, {EspSpis.Of(datagrams).Count} ESP packets");
        }
        catch
        {
            output.WriteLine($"--- dumpcap ---\n{capture?.Diagnostics}");
            output.WriteLine(a.LogTail());
            output.WriteLine(b.LogTail());
            throw;
        }
    }
}
