using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DotSwan.Wire.Ikev1;
using DotSwan.TestSupport.Captures;

namespace DotSwan.Wire.Tests.Ikev1;

/// <summary>
/// Decodes every IKE datagram of the strongSwan IKEv1 capture and checks each field against tshark's decode;
/// then decrypts the encrypted bodies (key from the lab's decryption table) and checks the inner chains.
/// </summary>
public sealed partial class Ikev1CaptureTests
{
    private static readonly IReadOnlyList<CapturedDatagram> Datagrams =
        PcapFile.ReadUdp(PcapFile.PathOf("ikev1.pcap")).Where(d => d.IsIke).ToList();

    private static readonly IReadOnlyDictionary<int, TsharkNode> Decode = TsharkDecode.ReadFrames(PcapFile.PathOf("ikev1.decode.txt"));

    private static readonly IReadOnlyDictionary<int, TsharkNode> Decrypted =
        TsharkDecode.ReadFrames(Path.Combine(AppContext.BaseDirectory, "TestData", "ikev1", "ikev1.decrypted.txt"));

    public static TheoryData<int> Frames() => new(Datagrams.Select(d => d.Frame));

    [Fact]
    public void The_capture_holds_the_expected_exchanges()
    {
        // 4 clear Main Mode messages, 2 encrypted ones, 3 Quick Mode and 2 Informational (frame list in ikev1.summary.txt).
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17], Datagrams.Select(d => d.Frame));
        Assert.Contains(Datagrams, d => d.DestinationPort == 4500);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Every_message_decodes_as_tshark_shows_it_and_re_encodes_byte_for_byte(int frame)
    {
        var datagram = Datagrams.Single(d => d.Frame == frame);
        var message = IsakmpAssert.Decodes(datagram.IkeMessage.ToArray(), new IsakmpDecodeOptions { Strict = true, RejectTrailingDatagramBytes = true });
        var expected = TsharkDecode.Isakmp(Decode[frame]) ?? throw new InvalidOperationException("no ISAKMP in frame");
        AssertHeader(expected, message.Header);
        if (message.IsEncrypted)
        {
            Assert.Equal($"Encrypted Data ({message.EncryptedBody.Length} bytes)", expected.Children.Single(c => c.Text.StartsWith("Encrypted Data", StringComparison.Ordinal)).Text);
        }
        else
        {
            AssertPayloads(expected.All("Payload").ToList(), message.Payloads);
        }
        Assert.Equal(datagram.IkeMessage.ToArray(), IsakmpAssert.Encode(message));
    }

    [Fact]
    public void Initial_phase1_iv_matches_the_strongswan_log()
    {
        Assert.Equal("FBA28A36BB69645C7E94087DDC98D368", Convert.ToHexString(InitialIv()));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(17)]
    public void Decrypted_bodies_decode_as_tshark_shows_them(int frame)
    {
        var message = IsakmpAssert.Decodes(Datagrams.Single(d => d.Frame == frame).IkeMessage.ToArray());
        var plain = DecryptBody(frame);
        var options = new IsakmpDecodeOptions { Strict = true };
        Assert.True(IsakmpPayloadChain.TryDecode(message.Header.NextPayload, plain, IsakmpHeader.Size, true, out var payloads, out int padding, out var error, options), error.ToString());

        var encrypted = TsharkDecode.Isakmp(Decrypted[frame])!.Children.Single(c => c.Text.StartsWith("Encrypted Data", StringComparison.Ordinal));
        AssertPayloads(encrypted.All("Payload").ToList(), payloads);
        Assert.Equal(encrypted["Extra data"].Length / 2, padding);
        Assert.All(plain[^padding..], b => Assert.Equal(0, b));

        var encoded = new byte[IsakmpPayloadChain.GetEncodedLength(payloads)];
        IsakmpPayloadChain.Encode(payloads, encoded);
        Assert.Equal(plain[..^padding], encoded);
        Assert.False(IsakmpPayloadChain.TryDecode(message.Header.NextPayload, plain, IsakmpHeader.Size, false, out _, out _, out error));
        Assert.Equal(DecodeErrorReason.TrailingBytes, error.Reason);
    }

    [Fact]
    public void Decrypted_quick_mode_carries_the_esp_proposal_and_subnet_identities()
    {
        Assert.True(IsakmpPayloadChain.TryDecode(IsakmpPayloadType.Hash, DecryptBody(7), 28, true, out var payloads, out _, out _));
        var sa = payloads.OfType<SecurityAssociationPayload>().Single();
        var proposal = Assert.Single(sa.Proposals);
        Assert.Equal((IpsecProtocolId.Esp, "C56216B4"), (proposal.ProtocolId, Convert.ToHexString(proposal.Spi.Span)));
        var transform = Assert.Single(proposal.Transforms);
        Assert.Equal((byte)EspTransformId.Aes, transform.TransformId);
        Assert.Equal((ushort)EncapsulationMode.UdpEncapsulatedTunnel, transform.Find(IpsecAttributeType.EncapsulationMode)!.Value.TvValue);
        Assert.Equal((ushort)IpsecAuthAlgorithm.HmacSha256, transform.Find(IpsecAttributeType.AuthenticationAlgorithm)!.Value.TvValue);
        var ids = payloads.OfType<IdentificationPayload>().ToList();
        Assert.Equal([IpsecDoiIdType.Ipv4AddressSubnet, IpsecDoiIdType.Ipv4AddressSubnet], ids.Select(i => i.IdType));
        Assert.Equal("0A010000FFFFFF00", Convert.ToHexString(ids[0].Data.Span));
        Assert.Equal(256, payloads.OfType<KeyExchangePayload>().Single().Data.Length);
    }

    // ---- tshark comparison

    private static void AssertHeader(TsharkNode expected, IsakmpHeader header)
    {
        Assert.Equal(expected["Initiator SPI"], header.InitiatorCookie.ToString("x16", CultureInfo.InvariantCulture));
        Assert.Equal(expected["Responder SPI"], header.ResponderCookie.ToString("x16", CultureInfo.InvariantCulture));
        Assert.Equal(Number(expected["Next payload"]), (int)header.NextPayload);
        Assert.Equal(expected["Version"], $"{header.MajorVersion}.{header.MinorVersion}");
        Assert.Equal(Number(expected["Exchange type"]), (int)header.ExchangeType);
        Assert.Equal(expected["Flags"], $"0x{(byte)header.Flags:x2}");
        Assert.Equal(expected["Message ID"], $"0x{header.MessageId:x8}");
        Assert.Equal(expected["Length"], header.Length.ToString(CultureInfo.InvariantCulture));
    }

    private static void AssertPayloads(List<TsharkNode> expected, IReadOnlyList<IsakmpPayload> payloads)
    {
        Assert.Equal(expected.Count, payloads.Count);
        for (int i = 0; i < payloads.Count; i++)
        {
            var node = expected[i];
            var payload = payloads[i];
            Assert.Equal(Number(node.Value), (int)payload.PayloadType);
            Assert.Equal(node["Payload length"], payload.EncodedLength.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(Number(node["Next payload"]), i + 1 < payloads.Count ? (int)payloads[i + 1].PayloadType : 0);
            switch (payload)
            {
                case SecurityAssociationPayload sa:
                    AssertSa(node, sa);
                    break;
                case KeyExchangePayload ke:
                    AssertHex(node["Key Exchange Data"], ke.Data);
                    break;
                case NoncePayload nonce:
                    AssertHex(node["Nonce DATA"], nonce.Data);
                    break;
                case HashPayload hash:
                    AssertHex(node["Hash DATA"], hash.Data);
                    break;
                case VendorIdPayload vid:
                    AssertHex(node.All("Vendor ID").First().Value, vid.Data);
                    break;
                case NatDiscoveryPayload natd:
                    AssertHex(node["HASH of the address and port"], natd.Hash);
                    break;
                case IdentificationPayload id:
                    AssertId(node, id);
                    break;
                case NotificationPayload n:
                    Assert.Equal(Number(node["Domain of interpretation"]), (int)n.Doi);
                    Assert.Equal(Number(node["Protocol ID"]), (int)n.ProtocolId);
                    Assert.Equal(node["SPI Size"], n.Spi.Length.ToString(CultureInfo.InvariantCulture));
                    Assert.Equal(Number(node["Notify Message Type"]), (int)n.NotifyType);
                    AssertHex(node["SPI"], n.Spi);
                    AssertHex(node["Notification DATA"], n.Data);
                    break;
                case DeletePayload d:
                    Assert.Equal(Number(node["Domain of interpretation"]), (int)d.Doi);
                    Assert.Equal(Number(node["Protocol ID"]), (int)d.ProtocolId);
                    Assert.Equal(node["SPI Size"], d.SpiSize.ToString(CultureInfo.InvariantCulture));
                    Assert.Equal(node["Number of SPIs"], d.Spis.Count.ToString(CultureInfo.InvariantCulture));
                    var spis = node.All("Delete SPI").ToList();
                    Assert.Equal(spis.Count, d.Spis.Count);
                    for (int s = 0; s < spis.Count; s++) { AssertHex(spis[s].Value, d.Spis[s]); }
                    break;
                default:
                    Assert.Fail($"the capture test does not check {payload.GetType().Name} yet");
                    break;
            }
        }
    }

    private static void AssertSa(TsharkNode node, SecurityAssociationPayload sa)
    {
        Assert.Equal(Number(node["Domain of interpretation"]), (int)sa.Doi);
        Assert.Equal(node["Situation"], sa.Situation.ToString("x8", CultureInfo.InvariantCulture));
        var proposals = node.All("Payload").ToList();
        Assert.Equal(proposals.Count, sa.Proposals.Count);
        for (int p = 0; p < proposals.Count; p++)
        {
            var pn = proposals[p];
            var proposal = sa.Proposals[p];
            Assert.Equal(pn["Payload length"], proposal.EncodedLength.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(pn["Proposal number"], proposal.Number.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(Number(pn["Protocol ID"]), (int)proposal.ProtocolId);
            Assert.Equal(pn["SPI Size"], proposal.Spi.Length.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(pn["Proposal transforms"], proposal.Transforms.Count.ToString(CultureInfo.InvariantCulture));
            if (proposal.Spi.Length > 0) { AssertHex(pn["SPI"], proposal.Spi); }
            var transforms = pn.All("Payload").ToList();
            Assert.Equal(transforms.Count, proposal.Transforms.Count);
            for (int t = 0; t < transforms.Count; t++)
            {
                var tn = transforms[t];
                var transform = proposal.Transforms[t];
                Assert.Equal(tn["Payload length"], transform.EncodedLength.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(tn["Transform number"], transform.Number.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(Number(tn["Transform ID"]), transform.TransformId);
                var attributes = tn.Children.Where(c => c.Label.Contains("Attribute (t=", StringComparison.Ordinal)).ToList();
                Assert.Equal(attributes.Count, transform.Attributes.Count);
                for (int a = 0; a < attributes.Count; a++)
                {
                    var an = attributes[a];
                    var attribute = transform.Attributes[a];
                    var tl = AttributeLabel().Match(an.Label);
                    Assert.Equal(int.Parse(tl.Groups[1].Value, CultureInfo.InvariantCulture), attribute.Type);
                    Assert.Equal(Number(an["Type"]), attribute.Type);
                    Assert.Equal(an.Children[0].Text.Contains("(TV)", StringComparison.Ordinal), attribute.IsTv);
                    if (attribute.IsTv)
                    {
                        Assert.Equal(an["Value"], attribute.TvValue.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        Assert.Equal(int.Parse(tl.Groups[2].Value, CultureInfo.InvariantCulture), attribute.TlvValue.Length);
                        AssertHex(an["Value"], attribute.TlvValue);
                    }
                }
            }
        }
    }

    private static void AssertId(TsharkNode node, IdentificationPayload id)
    {
        Assert.Equal(Number(node["ID type"]), (int)id.IdType);
        Assert.Equal(node["Protocol ID"], id.ProtocolId == 0 ? "Unused" : id.ProtocolId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(node["Port"], id.Port == 0 ? "Unused" : id.Port.ToString(CultureInfo.InvariantCulture));
        var data = node.Children.Single(c => c.Text.StartsWith("Identification Data:", StringComparison.Ordinal));
        switch (id.IdType)
        {
            case IpsecDoiIdType.Fqdn:
                Assert.Equal(data["ID_FQDN"], System.Text.Encoding.ASCII.GetString(id.Data.Span));
                break;
            case IpsecDoiIdType.Ipv4AddressSubnet:
                Assert.Equal(data["ID_IPV4_ADDR"], new System.Net.IPAddress(id.Data.Span[..4]).ToString());
                Assert.Equal(data["ID_IPV4_SUBNET"], new System.Net.IPAddress(id.Data.Span[4..]).ToString());
                break;
            default:
                Assert.Fail($"the capture test does not check ID type {id.IdType} yet");
                break;
        }
    }

    /// <summary>tshark hex, possibly shortened with a trailing ellipsis (then only the prefix is compared).</summary>
    private static void AssertHex(string expected, ReadOnlyMemory<byte> actual)
    {
        string hex = Convert.ToHexString(actual.Span).ToLowerInvariant();
        if (expected.EndsWith('…'))
        {
            Assert.StartsWith(expected[..^1], hex, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(TsharkDecode.Hex(expected), actual.ToArray());
        }
    }

    /// <summary>The last "(number)" in a tshark value such as "Vendor ID (13) : XAUTH" or "Quick Mode (32)".</summary>
    private static int Number(string value)
    {
        var matches = NumberInParentheses().Matches(value);
        Assert.NotEmpty(matches);
        return int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\((\d+)\)")]
    private static partial Regex NumberInParentheses();

    [GeneratedRegex(@"\(t=(\d+),l=(\d+)\)")]
    private static partial Regex AttributeLabel();

    // ---- decryption (RFC 2409 §5 and Appendix B; AES-128-CBC and SHA2-256 as negotiated in frames 1 and 2)

    private const uint QuickModeMessageId = 0x0dde1483;

    private static byte[] Body(int frame) =>
        IsakmpAssert.Decodes(Datagrams.Single(d => d.Frame == frame).IkeMessage.ToArray()).EncryptedBody.ToArray();

    private static byte[] KeyExchangeData(int frame) =>
        IsakmpAssert.Decodes(Datagrams.Single(d => d.Frame == frame).IkeMessage.ToArray()).Payloads.OfType<KeyExchangePayload>().Single().Data.ToArray();

    /// <summary>Phase 1 IV: hash of g^xi | g^xr, cut to the block size.</summary>
    private static byte[] InitialIv() => SHA256.HashData([.. KeyExchangeData(3), .. KeyExchangeData(4)])[..16];

    /// <summary>Phase 2 / informational IV: hash of the last phase 1 CBC block | message ID.</summary>
    private static byte[] MessageIv(uint messageId)
    {
        var input = new byte[20];
        Body(6)[^16..].CopyTo(input, 0);
        BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(16), messageId);
        return SHA256.HashData(input)[..16];
    }

    internal static byte[] DecryptBody(int frame)
    {
        byte[] iv = frame switch
        {
            5 => InitialIv(),
            6 => Body(5)[^16..],
            7 => MessageIv(QuickModeMessageId),
            8 => Body(7)[^16..],
            9 => Body(8)[^16..],
            _ => MessageIv(IsakmpAssert.Decodes(Datagrams.Single(d => d.Frame == frame).IkeMessage.ToArray()).Header.MessageId),
        };
        var table = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "ikev1", "ikev1_decryption_table")).Trim().Split(',');
        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString(table[1]);
        return aes.DecryptCbc(Body(frame), iv, PaddingMode.None);
    }
}
