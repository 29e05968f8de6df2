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
    }
}
