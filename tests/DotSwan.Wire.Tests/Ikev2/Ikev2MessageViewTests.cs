using DotSwan.Wire.Ikev2;
using DotSwan.TestSupport.Captures;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class Ikev2MessageViewTests
{
    private static readonly byte[] IkeSaInit = PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).First(d => d.IsIke).IkeMessage.ToArray();

    [Fact]
    public void Parsing_into_a_reused_view_allocates_nothing_after_warm_up()
    {
        var view = new Ikev2MessageView();
        int sum = Walk(view);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) { sum += Walk(view); }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(101 * Walk(view), sum);
    }

    private static int Walk(Ikev2MessageView view)
    {
        Assert.True(view.TryParse(IkeSaInit, out _));
        int sum = view.Count;
        for (int i = 0; i < view.Count; i++)
        {
            if (view.Payloads[i].Type == Ikev2PayloadType.SecurityAssociation)
            {
                foreach (var proposal in view.GetProposals(IkeSaInit, i))
                {
                    foreach (var transform in proposal.Transforms) { sum += transform.Id + transform.KeyLength; }
                }
            }
            else if (view.Payloads[i].Type == Ikev2PayloadType.Notify)
            {
                sum += (int)view.GetNotify(IkeSaInit, i).NotifyType;
            }
        }
        return sum;
    }

    [Fact]
    public void A_failed_parse_leaves_an_empty_view()
    {
        var view = new Ikev2MessageView();
        Assert.True(view.TryParse(IkeSaInit, out _));
        Assert.Equal(8, view.Count);
        Assert.False(view.TryParse(IkeSaInit.AsSpan(0, 100), out _));
        Assert.Equal(0, view.Count);
        Assert.Equal(default, view.Header);
    }

    [Fact]
    public void Finds_payloads_and_their_bodies()
    {
        var view = new Ikev2MessageView();
        Assert.True(view.TryParse(IkeSaInit, out _));
        int nonce = view.IndexOf(Ikev2PayloadType.Nonce);
        Assert.Equal(2, nonce);
        Assert.Equal(32, view.GetBody(IkeSaInit, nonce).Length);
        Assert.Equal(4, view.IndexOf(Ikev2PayloadType.Notify, 4));
        Assert.Equal(-1, view.IndexOf(Ikev2PayloadType.Encrypted));
        Assert.Throws<ArgumentException>(() => view.GetNotify(IkeSaInit, nonce));
    }

    [Fact]
    public void Inner_chain_slots_are_relative_to_the_chain()
    {
        var chain = Concat(Payload(43, new byte[16]), Payload(0, [1, 2, 3]));
        var view = new Ikev2MessageView();
        Assert.True(view.TryParsePayloads(Ikev2PayloadType.Nonce, chain, 40, out _));
        Assert.Equal(2, view.Count);
        Assert.Equal(0, view.Payloads[0].Offset);
        Assert.Equal(20, view.Payloads[1].Offset);
        Assert.Equal([1, 2, 3], view.GetBody(chain, 1).ToArray());
    }

    [Fact]
    public void The_typed_model_can_be_built_from_a_view_without_copying()
    {
        var view = new Ikev2MessageView();
        Assert.True(view.TryParse(IkeSaInit, out _));
        var message = Ikev2MessageCodec.ToMessage(view, IkeSaInit);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(((NoncePayload)message.Payloads[2]).Data, out var segment));
        Assert.Same(IkeSaInit, segment.Array);
        Assert.Equal(IkeSaInit, Ikev2MessageCodec.Encode(message));
    }
}
