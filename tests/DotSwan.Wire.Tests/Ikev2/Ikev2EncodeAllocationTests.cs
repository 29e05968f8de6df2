using System.Buffers;
using DotSwan.Wire.Ikev2;


namespace DotSwan.Wire.Tests.Ikev2;

public sealed class Ikev2EncodeAllocationTests
{
    [Theory]
    [InlineData("psk.pcap", 0)]
    [InlineData("cert.pcap", 2)]
    public void Encoding_into_a_reused_writer_allocates_nothing_after_warm_up(string capture, int index)
    {
        var bytes = PcapFile.ReadUdp(PcapFile.PathOf(capture)).Where(d => d.IsIke).ElementAt(index).IkeMessage.ToArray();
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out _));
        var writer = new ArrayBufferWriter<byte>(4096);
        Ikev2MessageCodec.Encode(message!, writer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            writer.ResetWrittenCount();
            Ikev2MessageCodec.Encode(message!, writer);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(bytes, writer.WrittenSpan.ToArray());
    }
}
