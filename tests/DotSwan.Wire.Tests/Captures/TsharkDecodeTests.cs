namespace DotSwan.Wire.Tests.Captures;

public sealed class TsharkDecodeTests
{
    [Fact]
    public void Parses_the_isakmp_tree_of_the_first_psk_frame()
    {
        var frames = TsharkDecode.ReadFrames(PcapFile.PathOf("psk.decode.txt"));
        var ike = TsharkDecode.Isakmp(frames[1]);
        Assert.NotNull(ike);
        Assert.Equal("fabb37da2d104857", ike["Initiator SPI"]);
        Assert.Equal("IKE_SA_INIT (34)", ike["Exchange type"]);
        var sa = ike.All("Payload").First();
        Assert.Equal("Security Association (33)", sa.Value);
        var proposal = sa.All("Payload").Single();
        Assert.Equal(3, proposal.All("Payload").Count());
        Assert.Equal("Curve25519 (31)", ike.All("Payload").ElementAt(1)["DH Group #"]);
    }
}
