using System.Text.Json;
using DotSwan.Cli.Status;
using DotSwan.Daemon.Control;

namespace DotSwan.Cli.Tests;

/// <summary>The human-readable tables against golden files (TestData/*.golden.txt); a change in layout must change the file.</summary>
public sealed class StatusTableTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    internal static StatusReport Sample() => new(
        [
            new IkeSaStatus("975d2c1a1198ed60_abe8d199be27a489", "lab", 2, "established", true, "192.0.2.2:500", "192.0.2.1:4500", "a.lab.example",
                "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", At, 14398,
                [
                    new ChildSaStatus("lab/net", "c1a2b3c4", "d5e6f708", "AesGcm16/128", "tunnel", ["10.2.0.0/24"], ["10.1.0.0/24"], At,
                        1536, 18, 252, 3, 3598, 3958),
                ]),
            new IkeSaStatus("0123456789abcdef_0000000000000000", "", 2, "sa_init_responded", false, "192.0.2.2:500", "198.51.100.7:500", null, null, null, null, []),
            new IkeSaStatus("5a5b5c5d5e5f6061_7172737475767778", "legacy", 1, "established", false, "192.0.2.2:4500", "203.0.113.9:4500", "c.lab.example",
                "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", At, null,
                [
                    new ChildSaStatus("legacy/net", "c9d8e7f6", "a1b2c3d4", "AesCbc/128 HmacSha256_128", "tunnel", ["10.2.0.0/24"], ["10.5.0.0/24"], At,
                        4096, 40, 8192, 80, 3239, 3599),
                ]),
        ],
        [
            new ChildSaStatus("static", "00001000", "00002000", "aes128gcm16", "tunnel", ["10.20.0.0/24"], ["10.10.0.0/24"], At, 5 * 1024 * 1024, 4000, 0, 0, null, null),
        ]);

    [Fact]
    public void Status_table_matches_the_golden_file() => Golden("status.golden.txt", StatusTable.Format(Sample()));

    [Fact]
    public void List_conns_table_matches_the_golden_file() => Golden("list-conns.golden.txt", StatusTable.Format(
    [
        new ConnectionSummary("lab", "ikev2", ["192.0.2.2"], ["192.0.2.1"], "b.lab.example", "a.lab.example", "psk/psk",
            ["IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519"], ["net: 10.2.0.0/24 === 10.1.0.0/24 (ESP:AES_GCM_16_128/NO_EXT_SEQ, tunnel, start_action none)"], true),
        new ConnectionSummary("legacy", "ikev1", ["192.0.2.2"], ["203.0.113.9"], "b.lab.example", "c.lab.example", "psk/psk",
            ["IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"], ["net: 10.2.0.0/24 === 10.5.0.0/24 (ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ, tunnel, start_action trap)"], true),
        new ConnectionSummary("road", "ikev2", ["192.0.2.2"], [], "b.lab.example", "%any", "psk/psk", ["IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"], [], false),
        new ConnectionSummary("static", "manual", ["192.0.2.2"], ["192.0.2.1"], null, null, null, ["aes128gcm16"], ["10.20.0.0/24 === 10.10.0.0/24 (SPIs in 0x00001000 out 0x00002000)"], true),
    ]));

    [Fact]
    public void Empty_status_says_so() => Assert.Equal("no SAs\n", StatusTable.Format(new StatusReport([], [])));

    [Fact]
    public void Status_json_keeps_the_documented_names()
    {
        string json = JsonSerializer.Serialize(Sample(), ControlJson.Indented) + "\n";
        Golden("status.golden.json", json);
    }

    [Theory]
    [InlineData(null, "-")]
    [InlineData(42L, "42s")]
    [InlineData(3598L, "59m58s")]
    [InlineData(14398L, "3h59m")]
    public void Durations_read_well(long? seconds, string text) => Assert.Equal(text, StatusTable.Duration(seconds));

    private static void Golden(string name, string actual)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", name);
        if (Environment.GetEnvironmentVariable("DOTSWAN_UPDATE_GOLDEN") == "1")
        {
            string source = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestData", name);
            File.WriteAllText(source, actual);
        }

        Assert.True(File.Exists(path), $"golden file {name} is missing (run with DOTSWAN_UPDATE_GOLDEN=1 once and review it)");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
