using DotSwan.Cli.Commands;

namespace DotSwan.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_establishes_IKEv2_and_IKEv1_tunnels_on_loopback_moves_traffic_rekeys_and_deletes()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Success, DemoCommand.RunLive(output, error));
        Assert.Equal("", error.ToString());
        string text = output.ToString();
        string[] expected =
        [
            "ok  IKEv2: started daemons west (127.0.0.1:",
            "established (IKE_SA_INIT, IKE_AUTH with PSK), Child SA in 0x",
            "ok  IKEv2: traffic 50 packets west->east and 50 east->west encrypted, decrypted and verified",
            "ok  IKEv2: Child SA rekeyed (CREATE_CHILD_SA), in 0x",
            "ok  IKEv2: traffic on the new Child SA, 50 packets west->east and 50 east->west",
            "demo        established (initiator)  127.0.0.1:",
            "demo        established (responder)  127.0.0.1:",
            "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519",
            "ok  IKEv2: deleted (INFORMATIONAL with Delete), neither side has an SA left",
            "ok  IKEv1: started daemons west (127.0.0.1:",
            "established (Main Mode with PSK, then Quick Mode), IPsec SA in 0x",
            "ok  IKEv1: traffic 50 packets west->east and 50 east->west encrypted, decrypted and verified",
            "ok  IKEv1: IPsec SA rekeyed (Quick Mode), in 0x",
            "ok  IKEv1: traffic on the new IPsec SA, 50 packets west->east and 50 east->west",
            "demo-v1        established (initiator, IKEv1)  127.0.0.1:",
            "demo-v1        established (responder, IKEv1)  127.0.0.1:",
            "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
            "ok  IKEv1: deleted (Informational Deletes), neither side has an SA left",
            "demo complete: 14 steps ok in ",
        ];
        Assert.All(expected, line => Assert.Contains(line, text, StringComparison.Ordinal));

        // Each status table shows the second traffic step on the rekeyed Child SA: 50 packets each way, on all four sides.
        Assert.Equal(4, text.Split('\n').Count(l => l.Contains("installed (tunnel)", StringComparison.Ordinal)
            && l.Contains("in 50 pkt 4.9 KiB, out 50 pkt 4.9 KiB", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_demo_that_does_not_finish_in_time_exits_1_with_one_line_saying_so()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(ExitCodes.PartialFailure, DemoCommand.RunLive(TextWriter.Synchronized(output), error, TimeSpan.FromMilliseconds(1)));
        Assert.Equal("dotswan demo: FAILED: not finished after 0.001 s" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Demo_decodes_and_decrypts_the_embedded_exchange()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Success, DemoCommand.RunCapture(output, error));
        string text = output.ToString();
        Assert.Equal("", error.ToString());
        Assert.Contains("IKEv2 IkeSaInit request mid 0 spi fabb37da2d104857_i 0000000000000000_r", text, StringComparison.Ordinal);
        Assert.Contains("SA #1 Ike: AesGcm16_256 PrfHmacSha256 Curve25519", text, StringComparison.Ordinal);
        Assert.Contains("IDi Fqdn a.lab.example", text, StringComparison.Ordinal);
        Assert.Contains("AUTH SharedKeyMessageIntegrityCode, 32 bytes", text, StringComparison.Ordinal);
        Assert.Contains("TSr 10.2.0.0-10.2.0.255", text, StringComparison.Ordinal);
        Assert.Contains("D Ike (the IKE SA)", text, StringComparison.Ordinal);
        Assert.Contains("ESP spi 5876d033 seq 1, 120 bytes", text, StringComparison.Ordinal);
        Assert.Contains("inner 10.2.0.1 -> 10.1.0.1 ICMP echo reply seq 3, 84 bytes", text, StringComparison.Ordinal);
        Assert.Contains("6 IKE messages, 4 encrypted payloads decrypted, 0 without keys, 0 failures; 6 ESP packets, 6 decrypted, 0 failures", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dotswan_entry_point_runs_the_live_demo()
    {
        var saved = Console.Out;
        var output = new StringWriter();
        try
        {
            Console.SetOut(output);
            Assert.Equal(0, Program.Main(["demo"]));
        }
        finally
        {
            Console.SetOut(saved);
        }
        Assert.Contains("demo complete: 14 steps ok", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_dotswan_entry_point_runs_the_capture_demo()
    {
        var saved = Console.Out;
        var output = new StringWriter();
        try
        {
            Console.SetOut(output);
            Assert.Equal(0, Program.Main(["demo", "--capture"]));
        }
        finally
        {
            Console.SetOut(saved);
        }
        Assert.Contains("0 failures", output.ToString(), StringComparison.Ordinal);
    }
}
