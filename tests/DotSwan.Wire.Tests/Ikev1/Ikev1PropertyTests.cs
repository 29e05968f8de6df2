using CsCheck;
using DotSwan.Wire.Ikev1;
using DotSwan.TestSupport.Captures;

namespace DotSwan.Wire.Tests.Ikev1;

/// <summary>
/// Property tests: hostile bytes never make the decoder throw (a read out of bounds would throw too), and every
/// valid model message survives encode → decode → encode unchanged.
/// </summary>
public sealed class Ikev1PropertyTests
{
    private static readonly IsakmpDecodeOptions Strict = new() { Strict = true, RejectTrailingDatagramBytes = true };

    private static readonly byte[][] Captured =
        PcapFile.ReadUdp(PcapFile.PathOf("ikev1.pcap")).Where(d => d.IsIke).Select(d => d.IkeMessage.ToArray()).ToArray();

    private static readonly (byte First, byte[] Body)[] DecryptedBodies =
        new[] { 5, 6, 7, 8, 9, 16, 17 }.Select(f => ((byte)IsakmpAssert.Decodes(Captured[Array.FindIndex(Frames, x => x == f)]).Header.NextPayload, Ikev1CaptureTests.DecryptBody(f))).ToArray();

    private static int[] Frames => [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17];

    // ---- never throws

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            DecodeEverywhere(bytes);
        }, iter: 3000);
    }

    [Fact]
    public void Random_bodies_behind_a_valid_header_never_throw()
    {
        // Most random bytes fail at the header; this gets them into the payload decoders.
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 300]).Sample((first, body) =>
        {
            var datagram = IsakmpBytes.Message(first, body);
            DecodeEverywhere(datagram);
            IsakmpPayloadChain.TryDecode((IsakmpPayloadType)first, body, 28, true, out _, out _, out _);
        }, iter: 3000);
    }

    [Fact]
    public void Mutated_captured_messages_never_throw()
    {
        var gen = Gen.Select(Gen.Int[0, Captured.Length - 1], Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.UShort);
        gen.Sample((index, kind, where, value, length) =>
        {
            var datagram = Mutate(Captured[index], kind, where, value, length);
            DecodeEverywhere(datagram);
        }, iter: 5000);
    }

    [Fact]
    public void Mutated_decrypted_bodies_never_throw()
    {
        var gen = Gen.Select(Gen.Int[0, DecryptedBodies.Length - 1], Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.UShort);
        gen.Sample((index, kind, where, value, length) =>
        {
            var (first, body) = DecryptedBodies[index];
            var mutated = Mutate(body, kind, where, value, length);
            foreach (var options in new[] { IsakmpDecodeOptions.Default, Strict })
            {
                if (IsakmpPayloadChain.TryDecode((IsakmpPayloadType)first, mutated, 28, true, out var payloads, out int padding, out var error, options))
                {
                    Assert.InRange(padding, 0, mutated.Length);
                    var encoded = new byte[IsakmpPayloadChain.GetEncodedLength(payloads)];
                    IsakmpPayloadChain.Encode(payloads, encoded);
                    Assert.True(IsakmpPayloadChain.TryDecode((IsakmpPayloadType)first, encoded, 28, false, out var again, out _, out _, options));
                    Assert.Equal(payloads, again);
                }
                else
                {
                    Assert.InRange(error.Offset, 28, 28 + mutated.Length);
                }
            }
        }, iter: 5000);
    }

    /// <summary>kind 0: flip one byte; 1: truncate; 2: overwrite a 16-bit field (length fields are 16-bit and 2-aligned mostly).</summary>
    private static byte[] Mutate(byte[] original, int kind, int where, byte value, ushort length)
    {
        var copy = original.ToArray();
        switch (kind)
        {
            case 0:
                copy[where % copy.Length] ^= value == 0 ? (byte)1 : value;
                return copy;
            case 1:
                return copy[..(where % copy.Length)];
            default:
                int at = where % (copy.Length - 1);
                copy[at] = (byte)(length >> 8);
                copy[at + 1] = (byte)length;
                return copy;
        }
    }

    /// <summary>Decodes under both option sets; a success must re-encode, and decode again to the same model.</summary>
    private static void DecodeEverywhere(byte[] datagram)
    {
        foreach (var options in new[] { IsakmpDecodeOptions.Default, Strict })
        {
            if (IsakmpMessageCodec.TryDecode(datagram, out var message, out var error, options))
            {
                var encoded = IsakmpAssert.Encode(message);
                Assert.True(IsakmpMessageCodec.TryDecode(encoded, out var again, out _, options));
                Assert.Equal(message, again);
            }
            else
            {
                Assert.InRange(error.Offset, 0, datagram.Length);
                Assert.True(Enum.IsDefined(error.Reason));
                _ = error.ToIsakmpNotifyType();
            }
        }
    }

    // ---- valid models round-trip

    [Fact]
    public void Valid_model_messages_round_trip()
    {
        MessageGen.Sample(message =>
        {
            var bytes = IsakmpAssert.Encode(message);
            var decoded = IsakmpAssert.Decodes(bytes, new IsakmpDecodeOptions { Strict = true });
            var expectedHeader = message.Header with
            {
                Length = (uint)bytes.Length,
                NextPayload = message.IsEncrypted ? message.Header.NextPayload : IsakmpPayloadChain.FirstType(message.Payloads),
            };
            Assert.Equal(message with { Header = expectedHeader }, decoded);
            Assert.Equal(bytes, IsakmpAssert.Encode(decoded));
        }, iter: 1000);
    }

    [Fact]
    public void Valid_model_chains_round_trip_with_padding()
    {
        Gen.Select(PayloadGen.List[0, 8], Gen.Int[0, 16]).Sample((payloads, padding) =>
        {
            var encoded = new byte[IsakmpPayloadChain.GetEncodedLength(payloads) + padding];
            IsakmpPayloadChain.Encode(payloads, encoded);
            Assert.True(IsakmpPayloadChain.TryDecode(IsakmpPayloadChain.FirstType(payloads), encoded, 28, true, out var decoded, out int decodedPadding, out var error), error.ToString());
            Assert.Equal(padding, decodedPadding);
            Assert.Equal(payloads, decoded);
        }, iter: 1000);
    }

    private static readonly Gen<ReadOnlyMemory<byte>> SmallBytes = Gen.Byte.Array[0, 40].Select(b => (ReadOnlyMemory<byte>)b);

    private static readonly Gen<IsakmpAttribute> AttributeGen = Gen.OneOf(
        Gen.Select(Gen.UShort[0, 0x7FFF], Gen.UShort, IsakmpAttribute.Tv),
        Gen.Select(Gen.UShort[0, 0x7FFF], SmallBytes, IsakmpAttribute.Tlv));

    private static readonly Gen<Transform> TransformGen =
        Gen.Select(Gen.Byte, Gen.Byte, AttributeGen.List[0, 6], (n, id, a) => new Transform(n, id, a));

    private static readonly Gen<(IpsecProtocolId, ReadOnlyMemory<byte>)> ProtocolAndSpi = Gen.OneOf(
        Gen.OneOf(0, 16).SelectMany(n => Gen.Byte.Array[n]).Select(s => (IpsecProtocolId.Isakmp, (ReadOnlyMemory<byte>)s)),
        Gen.Select(Gen.OneOf(IpsecProtocolId.Ah, IpsecProtocolId.Esp), Gen.Byte.Array[4], (p, s) => (p, (ReadOnlyMemory<byte>)s)),
        Gen.OneOf(2, 4).SelectMany(n => Gen.Byte.Array[n]).Select(s => (IpsecProtocolId.Ipcomp, (ReadOnlyMemory<byte>)s)),
        Gen.Select(Gen.Byte[5, 255], Gen.Byte.Array[0, 8], (p, s) => ((IpsecProtocolId)p, (ReadOnlyMemory<byte>)s)));

    private static readonly Gen<Proposal> ProposalGen =
        Gen.Select(Gen.Byte, ProtocolAndSpi, TransformGen.List[1, 4], (n, ps, t) => new Proposal(n, ps.Item1, ps.Item2, t));

    private static readonly Gen<IsakmpPayload> SaGen =
        Gen.Select(Gen.UInt, Gen.UInt, ProposalGen.List[1, 3], (doi, sit, p) => (IsakmpPayload)new SecurityAssociationPayload(doi, doi == 1 ? sit & ~6u : sit, p));

    private static readonly Gen<IsakmpPayload> IdGen = Gen.Byte.SelectMany(type =>
    {
        int required = IdentificationPayload.RequiredDataLength((IpsecDoiIdType)type);
        var data = required >= 0 ? Gen.Byte.Array[required] : Gen.Byte.Array[0, 40];
        return Gen.Select(Gen.Byte, Gen.UShort, data, (proto, port, d) => (IsakmpPayload)new IdentificationPayload((IpsecDoiIdType)type, proto, port, d));
    });

    private static readonly Gen<IsakmpPayload> DeleteGen =
        Gen.Select(Gen.UInt, Gen.Byte, Gen.Byte[1, 16], Gen.Int[0, 5]).SelectMany((doi, proto, size, count) =>
            Gen.Byte.Array[size].Array[count].Select(spis =>
                (IsakmpPayload)new DeletePayload(doi, (IpsecProtocolId)proto, size, spis.Select(s => (ReadOnlyMemory<byte>)s).ToArray())));

    private static readonly Gen<IsakmpPayload> PayloadGen = Gen.OneOf(
        SaGen,
        SmallBytes.Select(d => (IsakmpPayload)new KeyExchangePayload(d)),
        IdGen,
        Gen.Select(Gen.Byte, SmallBytes, (e, d) => (IsakmpPayload)new CertificatePayload((Ikev1CertificateEncoding)e, d)),
        Gen.Select(Gen.Byte, SmallBytes, (e, d) => (IsakmpPayload)new CertificateRequestPayload((Ikev1CertificateEncoding)e, d)),
        SmallBytes.Select(d => (IsakmpPayload)new HashPayload(d)),
        SmallBytes.Select(d => (IsakmpPayload)new SignaturePayload(d)),
        SmallBytes.Select(d => (IsakmpPayload)new NoncePayload(d)),
        Gen.Select(Gen.UInt, Gen.Byte, Gen.UShort, Gen.Byte.Array[0, 16], SmallBytes,
            (doi, p, t, spi, d) => (IsakmpPayload)new NotificationPayload(doi, (IpsecProtocolId)p, (Ikev1NotifyType)t, spi, d)),
        DeleteGen,
        SmallBytes.Select(d => (IsakmpPayload)new VendorIdPayload(d)),
        Gen.Select(SmallBytes, Gen.Bool, (d, draft) => (IsakmpPayload)new NatDiscoveryPayload(d, draft)),
        Gen.Select(Gen.OneOf(IpsecDoiIdType.Ipv4Address, IpsecDoiIdType.Ipv6Address), Gen.Bool).SelectMany((t, draft) =>
            Gen.Byte.Array[t == IpsecDoiIdType.Ipv4Address ? 4 : 16].Select(a => (IsakmpPayload)new NatOriginalAddressPayload(t, a, draft))),
        Gen.Select(Gen.Byte, Gen.UShort, AttributeGen.List[0, 6], (t, id, a) => (IsakmpPayload)new AttributePayload((ModeConfigType)t, id, a)),
        Gen.Select(Gen.Byte.Where(IsUnmodelled), SmallBytes, (t, b) => (IsakmpPayload)new UnknownPayload((IsakmpPayloadType)t, b)));

    private static bool IsUnmodelled(byte type) => type is (> 14 and < 20) or (> 21 and < 130) or > 131;

    private static readonly Gen<IsakmpHeader> HeaderGen =
        Gen.Select(Gen.ULong, Gen.ULong, Gen.Byte[0, 15], Gen.Byte, Gen.Byte[0, 7], Gen.UInt, Gen.Byte,
            (i, r, minor, exchange, flags, id, next) => new IsakmpHeader(i, r, (IsakmpPayloadType)next, 1, minor, (IsakmpExchangeType)exchange, (IsakmpHeaderFlags)flags, id, 0));

    private static readonly Gen<IsakmpMessage> MessageGen = Gen.Select(HeaderGen, PayloadGen.List[0, 6], Gen.Byte.Array[0, 64],
        (header, payloads, body) => header.IsEncrypted ? IsakmpMessage.Encrypted(header, body) : IsakmpMessage.Clear(header, payloads));
}
