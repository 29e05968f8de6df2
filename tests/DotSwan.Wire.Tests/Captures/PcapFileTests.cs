using DotSwan.Wire.Capture;

namespace DotSwan.Wire.Tests.Captures;

public sealed class PcapFileTests
{
    [Fact]
    public void Reads_the_udp_datagrams_of_the_psk_capture()
    {
        var datagrams = PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap"));
        var ike = datagrams.Where(d => d.IsIke).ToList();
        Assert.Equal(6, ike.Count); // IKE_SA_INIT, IKE_AUTH and INFORMATIONAL pairs; the ESP frames are not IKE
        Assert.Equal(1, ike[0].Frame);
        Assert.Equal("192.0.2.1", ike[0].Source.ToString());
        Assert.Equal(500, ike[0].DestinationPort);
        Assert.Equal(232, ike[0].Payload.Length);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 9, 14, TimeSpan.Zero).AddTicks(578280), ike[0].Timestamp);
    }

    [Fact]
    public void Natt_capture_separates_ike_with_the_non_esp_marker_from_udp_encapsulated_esp()
    {
        var datagrams = PcapFile.ReadUdp(PcapFile.PathOf("natt.pcap"));
        var on4500 = datagrams.Where(d => d.SourcePort == 4500 || d.DestinationPort == 4500).ToList();
        Assert.NotEmpty(on4500);
        foreach (var d in on4500)
        {
            bool marker = d.Payload.Length >= 4 && d.Payload[0] == 0 && d.Payload[1] == 0 && d.Payload[2] == 0 && d.Payload[3] == 0;
            Assert.Equal(marker && d.Payload.Length >= 32, d.IsIke);
            if (d.IsIke) { Assert.Equal(d.Payload.Length - 4, d.IkeMessage.Length); }
        }
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 })]
    public void Rejects_what_is_not_a_pcap(byte[] bytes)
    {
        Assert.False(PcapReader.TryReadUdp(bytes, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Truncated_and_corrupted_captures_never_throw()
    {
        var bytes = File.ReadAllBytes(PcapFile.PathOf("cert.pcap"));
        var random = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            var copy = bytes.AsSpan(0, random.Next(bytes.Length + 1)).ToArray();
            for (int flips = random.Next(8); flips > 0 && copy.Length > 0; flips--)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            }
            _ = PcapReader.TryReadUdp(copy, out _, out _);
        }
        Assert.True(PcapReader.TryReadUdp(bytes, out var all, out _));
        Assert.NotEmpty(all);
    }
}
