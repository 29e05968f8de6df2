using CsCheck;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Ikev2;

public sealed class FragmentReassemblerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Ikev2Header Header = new(0x0102030405060708, 0x1112131415161718, Ikev2PayloadType.None, 2, 0,
        Ikev2ExchangeType.IkeAuth, Ikev2HeaderFlags.Initiator, 1, 0);

    // A large inner chain (an IKE_AUTH with many vendor IDs standing in for certificates).
    private static readonly IReadOnlyList<Ikev2Payload> Inner =
    [
        new IdentificationPayload(true, IdType.Fqdn, "moon.example.org"u8.ToArray()),
        .. Enumerable.Range(0, 20).Select(i => new VendorIdPayload(Enumerable.Range(0, 97).Select(b => (byte)(b + i)).ToArray())),
        new AuthenticationPayload(AuthMethod.SharedKeyMessageIntegrityCode, new byte[32]),
    ];

    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519", 300)]
    [InlineData("aes128-sha256-prfsha256-x25519", 300)]
    [InlineData("aes128-sha256-prfsha256-x25519", 1252)]
    [InlineData("chacha20poly1305-prfsha256-x25519", 97)]
    public void Fragments_fit_the_size_and_reassemble_in_any_order(string suite, int maxMessage)
    {
        using var keys = ProtectionPair.Create(suite);
        Assert.True(MessageFragmenter.TryFragment(keys.Initiator, Header, Inner, maxMessage, out var fragments, out string reason), reason);
        Assert.True(fragments.Count > 1);
        Assert.All(fragments, f => Assert.True(f.Length <= maxMessage, $"{f.Length} > {maxMessage}"));
        var reassembler = new FragmentReassembler(FragmentationSettings.Default);
        var order = fragments.Select((f, i) => i).Reverse().ToList();
        IReadOnlyList<Ikev2Payload> inner = [];
        for (int k = 0; k < order.Count; k++)
        {
            var result = reassembler.Add(fragments[order[k]], Decode(fragments[order[k]]), keys.Responder, T0, out inner);
            Assert.Equal(k == order.Count - 1 ? FragmentResult.Complete : FragmentResult.Incomplete, result);
        }
        Assert.Equal(Encode(Inner), Encode(inner));
        Assert.False(reassembler.InProgress);
    }

    [Fact]
    public void Forged_duplicate_oversized_and_stale_fragments_are_refused()
    {
        using var keys = ProtectionPair.Create("aes256gcm16-prfsha256-x25519");
        Assert.True(MessageFragmenter.TryFragment(keys.Initiator, Header, Inner, 400, out var fragments, out _));
        var settings = new FragmentationSettings(MaxFragments: 64, MaxMessageSize: 65536, ReassemblyTimeout: TimeSpan.FromSeconds(10));
        var reassembler = new FragmentReassembler(settings);

        var forged = (byte[])fragments[1].Clone();
        forged[^1] ^= 1;
        Assert.Equal(FragmentResult.Unauthenticated, reassembler.Add(forged, Decode(forged), keys.Responder, T0, out _));
        Assert.False(reassembler.InProgress);
        Assert.Equal(FragmentResult.Incomplete, reassembler.Add(fragments[1], Decode(fragments[1]), keys.Responder, T0, out _));
        Assert.Equal(FragmentResult.Duplicate, reassembler.Add(fragments[1], Decode(fragments[1]), keys.Responder, T0, out _));
        Assert.Equal(1, reassembler.BufferedFragments);

        // Our own direction's keys do not open what we sent: fragments must come from the peer.
        Assert.Equal(FragmentResult.Unauthenticated, reassembler.Add(fragments[2], Decode(fragments[2]), keys.Initiator, T0, out _));

        // Stale fragments are dropped after the timeout.
        reassembler.Expire(T0 + TimeSpan.FromSeconds(11));
        Assert.False(reassembler.InProgress);

        // A message needing more fragments than allowed is refused up front.
        var tight = new FragmentReassembler(settings with { MaxFragments = 2 });
        Assert.Equal(FragmentResult.Rejected, tight.Add(fragments[0], Decode(fragments[0]), keys.Responder, T0, out _));

        // And one growing beyond the size limit is dropped as a whole.
        var small = new FragmentReassembler(settings with { MaxMessageSize = 500 });
        var results = fragments.Select(f => small.Add(f, Decode(f), keys.Responder, T0, out _)).ToList();
        Assert.Contains(FragmentResult.Rejected, results);
        Assert.DoesNotContain(FragmentResult.Complete, results);
        Assert.True(small.BufferedBytes <= 500);
    }

    [Fact]
    public void A_larger_total_restarts_and_a_smaller_one_is_dropped()
    {
        using var keys = ProtectionPair.Create("aes256gcm16-prfsha256-x25519");
        Assert.True(MessageFragmenter.TryFragment(keys.Initiator, Header, Inner, 800, out var coarse, out _));
        Assert.True(MessageFragmenter.TryFragment(keys.Initiator, Header, Inner, 300, out var fine, out _));
        Assert.True(fine.Count > coarse.Count);
        var reassembler = new FragmentReassembler(FragmentationSettings.Default);
        Assert.Equal(FragmentResult.Incomplete, reassembler.Add(coarse[0], Decode(coarse[0]), keys.Responder, T0, out _));
        // The sender re-fragmented smaller (RFC 7383 §2.6.2): the coarse fragment is discarded.
        Assert.Equal(FragmentResult.Incomplete, reassembler.Add(fine[0], Decode(fine[0]), keys.Responder, T0, out _));
        Assert.Equal(FragmentResult.Rejected, reassembler.Add(coarse[1], Decode(coarse[1]), keys.Responder, T0, out _));
        FragmentResult last = FragmentResult.Incomplete;
        IReadOnlyList<Ikev2Payload> inner = [];
        foreach (var f in fine.Skip(1)) { last = reassembler.Add(f, Decode(f), keys.Responder, T0, out inner); }
        Assert.Equal(FragmentResult.Complete, last);
        Assert.Equal(Encode(Inner), Encode(inner));
    }

    [Fact]
    public void Random_subsets_duplicates_damage_and_junk_never_throw_and_stay_bounded()
    {
        using var keys = ProtectionPair.Create("aes128-sha256-prfsha256-x25519");
        Assert.True(MessageFragmenter.TryFragment(keys.Initiator, Header, Inner, 256, out var fragments, out _));
        var settings = new FragmentationSettings(MaxFragments: 32, MaxMessageSize: 4096);
        int completed = 0;
        Gen.Select(Gen.Int[0, fragments.Count - 1].Array[1, 3 * fragments.Count], Gen.Int, Gen.Int[0, 4]).Sample((picks, seed, damage) =>
        {
            var random = new Random(seed);
            var reassembler = new FragmentReassembler(settings);
            foreach (int pick in picks)
            {
                var bytes = (byte[])fragments[pick].Clone();
                bool damaged = damage > 0 && random.Next(4) == 0;
                if (damaged) { bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256); }
                if (!Ikev2MessageCodec.TryDecode(bytes, out var message, out _)) { continue; }
                var result = reassembler.Add(bytes, message!, keys.Responder, T0, out var inner);
                Assert.True(reassembler.BufferedBytes <= settings.MaxMessageSize);
                Assert.True(reassembler.BufferedFragments <= settings.MaxFragments);
                if (result == FragmentResult.Complete)
                {
                    Assert.Equal(Encode(Inner), Encode(inner));
                    completed++;
                }
            }
        }, iter: 2000, threads: 1);
        Assert.True(completed > 0, "no sample ever completed");

        // Junk that decodes as an SKF message: never throws.
        var junkReassembler = new FragmentReassembler(settings);
        Gen.Select(Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 300]).Sample((number, total, body) =>
        {
            var skf = new EncryptedFragmentPayload(Ikev2PayloadType.Notify, number, total, body);
            var bytes = Ikev2MessageCodec.Encode(new Ikev2Message(Header, [skf]));
            var message = new Ikev2Message(Header, [skf]);
            _ = junkReassembler.Add(bytes, message, keys.Responder, T0, out _);
            Assert.False(junkReassembler.InProgress);
        }, iter: 3000, threads: 1);
    }

    private static Ikev2Message Decode(byte[] datagram)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }

    private static byte[] Encode(IReadOnlyList<Ikev2Payload> payloads)
    {
        var bytes = new byte[Ikev2PayloadChain.GetEncodedLength(payloads)];
        Ikev2PayloadChain.Encode(payloads, bytes);
        return bytes;
    }

    /// <summary>The initiator's and the responder's protection of one IKE SA, from the same shared secret.</summary>
    private sealed class ProtectionPair(IkeSaProtection initiator, IkeSaProtection responder) : IDisposable
    {
        public IkeSaProtection Initiator { get; } = initiator;

        public IkeSaProtection Responder { get; } = responder;

        public static ProtectionPair Create(string suiteText)
        {
            var suite = ProposalParser.Parse(suiteText, ProposalProtocol.Ike);
            byte[] secret = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];
            byte[] ni = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
            byte[] nr = [.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))];
            Assert.True(IkeSaProtection.TryCreate(TransformRegistry.Default, suite, true, secret, ni, nr, Header.InitiatorSpi, Header.ResponderSpi,
                new SeededRandomSource(1), out var i, out string reason), reason);
            Assert.True(IkeSaProtection.TryCreate(TransformRegistry.Default, suite, false, secret, ni, nr, Header.InitiatorSpi, Header.ResponderSpi,
                new SeededRandomSource(2), out var r, out reason), reason);
            return new ProtectionPair(i!, r!);
        }

        public void Dispose()
        {
            Initiator.Dispose();
            Responder.Dispose();
        }
    }
}
