using DotSwan.Cli.Commands;

namespace DotSwan.Cli.Tests;

public sealed class DemoCommandTests
{
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
    public void The_dotswan_entry_point_runs_the_demo()
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
