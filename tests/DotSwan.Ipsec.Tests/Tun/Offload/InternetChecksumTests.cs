using DotSwan.Ipsec.Backends.Tun;

namespace DotSwan.Ipsec.Tests.Tun.Offload;

public sealed class InternetChecksumTests
{
    [Fact]
    public void Rfc1071_example_sums_to_ddf2()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal(0xddf2, InternetChecksum.Fold(InternetChecksum.Add(data, 0)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(1500)]
    [InlineData(1501)]
    [InlineData(65535)]
    public void Sum_matches_a_word_by_word_reference(int length)
    {
        var random = new Random(length);
        var data = new byte[length];
        random.NextBytes(data);
        if (length > 100)
        {
            // Runs of 0xff make the carries matter.
            data.AsSpan(10, 80).Fill(0xff);
        }

        Assert.Equal(OffloadPackets.ReferenceSum(data), InternetChecksum.Fold(InternetChecksum.Add(data, 0)));
    }

    [Fact]
    public void Sums_of_pieces_add_up_to_the_sum_of_the_whole()
    {
        var data = new byte[1001];
        new Random(7).NextBytes(data);
        ulong pieces = InternetChecksum.Add(data.AsSpan(600), InternetChecksum.Add(data.AsSpan(0, 600), 0));
        Assert.Equal(OffloadPackets.ReferenceSum(data), InternetChecksum.Fold(pieces));
    }
}
