using System.Buffers.Binary;
using CsCheck;
using DotSwan.Wire.Ikev2;
using DotSwan.TestSupport.Captures;

namespace DotSwan.Wire.Tests.Ikev2;

public sealed class Ikev2PropertyTests
{
    private static readonly Ikev2DecodeOptions Strict = new() { Strict = true };

    private static readonly byte[][] CapturedMessages =
        new[] { "psk", "cert", "natt", "rekey", "rekey-collision" }
            .SelectMany(c => PcapFile.ReadUdp(PcapFile.PathOf(c + ".pcap")))
            .Where(d => d.IsIke)
            .Select(d => d.IkeMessage.ToArray())
            .ToArray();

    [Fact]
    public void Valid_messages_from_the_model_round_trip() =>
        Ikev2Generators.Message.Sample(message =>
        {
            var bytes = Ikev2MessageCodec.Encode(message);
            Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var decoded, out var error, Strict), error.ToString());
            Assert.Equal(Ikev2ModelDump.Describe(message), Ikev2ModelDump.Describe(decoded!));
            Assert.Equal(bytes, Ikev2MessageCodec.Encode(decoded!));
            var view = new Ikev2MessageView(Strict);
            Assert.True(view.TryParse(bytes, out error), error.ToString());
            Assert.Equal(message.Payloads.Count, view.Count);
            DecodeBothWays(bytes);
        }, iter: 3000);

    [Fact]
    public void Valid_inner_chains_round_trip() =>
        Ikev2Generators.Chain.Sample(payloads =>
        {
            var bytes = new byte[Ikev2PayloadChain.GetEncodedLength(payloads)];
            Ikev2PayloadChain.Encode(payloads, bytes);
            Assert.True(Ikev2PayloadChain.TryDecode(Ikev2PayloadChain.FirstPayloadType(payloads), bytes, 0, out var decoded, out var error, Strict), error.ToString());
            Assert.Equal(Ikev2ModelDump.Describe(payloads), Ikev2ModelDump.Describe(decoded));
        }, iter: 1000);

    [Fact]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            DecodeBothWays(bytes);
            foreach (var first in (ReadOnlySpan<byte>)[0, 33, 35, 41, 44, 46, 47, 53, 200])
            {
                Ikev2PayloadChain.TryDecode((Ikev2PayloadType)first, bytes, 0, out _, out _);
            }
        }, iter: 5000);

    [Fact]
    public void Random_chains_behind_a_valid_header_never_throw() =>
        Gen.Select(Gen.Byte[32, 60], Gen.Byte.Array[0, 300]).Sample(input =>
        {
            var (first, chain) = input;
            var bytes = Ikev2Bytes.Message(first, chain);
            DecodeBothWays(bytes);
        }, iter: 5000);

    [Fact]
    public void Mutated_captured_messages_never_throw() =>
        Gen.Select(Gen.Int[0, CapturedMessages.Length - 1], Gen.Int[0, 3], Gen.Int, Gen.UShort).Sample(input =>
        {
            var (which, kind, where, value) = input;
            var bytes = (byte[])CapturedMessages[which].Clone();
            int at = (int)((uint)where % (uint)bytes.Length);
            switch (kind)
            {
                case 0:
                    bytes[at] ^= (byte)(1 << (value & 7));
                    break;
                case 1:
                    bytes = bytes[..at];
                    break;
                case 2:
                    // Rewrite a payload length field (or the header length) with a random value.
                    var view = new Ikev2MessageView();
                    Assert.True(view.TryParse(bytes, out _));
                    int field = view.Count == 0 || at % (view.Count + 1) == view.Count ? 26 : view.Payloads[at % (view.Count + 1)].Offset + 2;
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(field), value);
                    break;
                default:
                    if (at + 1 < bytes.Length) { BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), value); }
                    break;
            }
            DecodeBothWays(bytes);
        }, iter: 5000);

    /// <summary>Both layers agree, accessors work on what they accept, and whatever strict decoding accepts re-encodes exactly.</summary>
    private static void DecodeBothWays(byte[] bytes)
    {
        foreach (var options in new[] { Ikev2DecodeOptions.Default, Strict })
        {
            bool typed = Ikev2MessageCodec.TryDecode(bytes, out var message, out var error, options);
            var view = new Ikev2MessageView(options);
            bool viewed = view.TryParse(bytes, out var viewError);
            Assert.Equal(typed, viewed);
            if (!typed)
            {
                Assert.Equal(error, viewError);
                Assert.InRange(error.Offset, 0, bytes.Length);
                continue;
            }
            for (int i = 0; i < view.Count; i++)
            {
                switch (view.Payloads[i].Type)
                {
                    case Ikev2PayloadType.SecurityAssociation:
                        foreach (var proposal in view.GetProposals(bytes, i))
                        {
                            foreach (var transform in proposal.Transforms) { _ = transform.KeyLength; }
                        }
                        break;
                    case Ikev2PayloadType.Notify:
                        _ = view.GetNotify(bytes, i).Data.Length;
                        break;
                    case Ikev2PayloadType.TrafficSelectorInitiator or Ikev2PayloadType.TrafficSelectorResponder:
                        int selectors = 0;
                        foreach (var selector in view.GetTrafficSelectors(bytes, i)) { selectors += selector.EndAddress.Length > 0 ? 1 : 0; }
                        Assert.Equal(((TrafficSelectorPayload)message!.Payloads[i]).Selectors.Count, selectors);
                        break;
                }
            }
            if (options.Strict) { Assert.Equal(bytes, Ikev2MessageCodec.Encode(message!)); }
        }
    }
}
