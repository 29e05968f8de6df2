using DotSwan.Crypto;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Tests.Proposals;

public class ProposalSelectorTests
{
    private static IReadOnlyList<CryptoSuite> Ike(string list) => ProposalParser.ParseList(list, ProposalProtocol.Ike);

    private static IReadOnlyList<CryptoSuite> Esp(string list) => ProposalParser.ParseList(list, ProposalProtocol.Esp);

    private static List<OfferedProposal> Offer(IReadOnlyList<CryptoSuite> suites) =>
        [.. suites.Select((s, i) => s.ToOffered((byte)(i + 1), ReadOnlyMemory<byte>.Empty))];

    [Fact]
    public void Our_configured_order_wins_by_default()
    {
        var ours = Ike("aes256gcm16-aes128gcm16-prfsha384-prfsha256-ecp384-x25519");
        var peer = Offer(Ike("aes128gcm16-aes256gcm16-prfsha256-prfsha384-x25519-ecp384"));
        var result = ProposalSelector.Select(ours, peer);
        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal("aes256gcm16-prfsha384-ecp384", result.Selected!.ToProposalString());
        Assert.Equal(1, result.PeerProposal!.Number);
    }

    [Fact]
    public void Peer_order_option_takes_the_peers_preference()
    {
        var ours = Ike("aes256gcm16-aes128gcm16-prfsha384-prfsha256-ecp384-x25519");
        var peer = Offer(Ike("aes128gcm16-aes256gcm16-prfsha256-prfsha384-x25519-ecp384"));
        var result = ProposalSelector.Select(ours, peer, new ProposalSelectionOptions { PreferPeerOrder = true });
        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal("aes128gcm16-prfsha256-x25519", result.Selected!.ToProposalString());
    }

    [Fact]
    public void Configured_proposal_order_wins_across_proposals_and_peer_order_across_theirs()
    {
        var ours = Ike("aes256-sha256-modp3072, aes256gcm16-prfsha256-x25519");
        var peer = Offer(Ike("aes256gcm16-prfsha256-x25519, aes256-sha256-modp3072"));
        var byUs = ProposalSelector.Select(ours, peer);
        Assert.Equal("aes256-sha256-modp3072", byUs.Selected!.ToProposalString());
        Assert.Equal(2, byUs.PeerProposal!.Number);

        var byPeer = ProposalSelector.Select(ours, peer, new ProposalSelectionOptions { PreferPeerOrder = true });
        Assert.Equal("aes256gcm16-prfsha256-x25519", byPeer.Selected!.ToProposalString());
        Assert.Equal(1, byPeer.PeerProposal!.Number);
    }

    [Fact]
    public void Mismatch_lists_both_sides_in_strongswan_form()
    {
        var ours = Ike("aes256gcm16-prfsha384-x25519");
        var peer = Offer(Ike("aes128-sha1-modp1024"));
        var result = ProposalSelector.Select(ours, peer);
        Assert.False(result.IsSuccess);
        Assert.Equal(ProposalSelectionFailure.NoProposalChosen, result.Failure);
        Assert.Equal(
            "no proposal chosen: peer offered IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024; we accept IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/CURVE_25519",
            result.Reason);
    }

    [Fact]
    public void Aead_peer_does_not_match_classic_configuration_and_vice_versa()
    {
        Assert.False(ProposalSelector.Select(Ike("aes256-sha256-x25519"), Offer(Ike("aes256gcm16-prfsha256-x25519"))).IsSuccess);
        Assert.False(ProposalSelector.Select(Ike("aes256gcm16-prfsha256-x25519"), Offer(Ike("aes256-sha256-x25519"))).IsSuccess);
        var both = ProposalSelector.Select(Ike("aes256-sha256-x25519, aes256gcm16-prfsha256-x25519"), Offer(Ike("aes256gcm16-prfsha256-x25519")));
        Assert.True(both.IsSuccess);
        Assert.True(both.Selected!.IsAead);
    }

    [Fact]
    public void Key_length_must_match()
    {
        var result = ProposalSelector.Select(Ike("aes256-sha256-x25519"), Offer(Ike("aes128-sha256-x25519")));
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Ke_payload_in_a_group_both_allow_is_used_when_the_option_says_so()
    {
        var ours = Ike("aes256gcm16-prfsha256-x25519-ecp256");
        var peer = Offer(Ike("aes256gcm16-prfsha256-ecp256-x25519"));
        var options = new ProposalSelectionOptions { AcceptPeerKeyExchangeGroup = true };
        var result = ProposalSelector.Select(ours, peer, options, peerKeyExchange: KeyExchangeMethod.Ecp256);
        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal([KeyExchangeMethod.Ecp256], result.Selected!.KeyExchange);

        var strict = ProposalSelector.Select(ours, peer, peerKeyExchange: KeyExchangeMethod.Ecp256);
        Assert.Equal(ProposalSelectionFailure.InvalidKePayload, strict.Failure);
        Assert.Equal(KeyExchangeMethod.Curve25519, strict.RequiredKeyExchange);
    }

    // Measured with two strongSwan 5.9.8 charons in the lab (A initiates with its first group in the KE payload, B responds);
    // B's log: "selected proposal" / A's log: "peer didn't accept DH group X, it requested Y".
    [Theory]
    [InlineData("aes128gcm16-aes256gcm16-prfsha256-prfsha384-x25519-ecp384", "aes256gcm16-aes128gcm16-prfsha384-prfsha256-ecp384-x25519",
        KeyExchangeMethod.Curve25519, KeyExchangeMethod.Ecp384, "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384")]
    [InlineData("aes128gcm16-prfsha256-ecp256-x25519, aes256-sha256-modp3072", "aes256-sha256-modp3072, aes128gcm16-prfsha256-x25519",
        KeyExchangeMethod.Ecp256, KeyExchangeMethod.Modp3072, "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072")]
    public void Responder_choice_and_invalid_ke_match_strongswan_5_9_8(string initiator, string responder, KeyExchangeMethod sent, KeyExchangeMethod requested, string selected)
    {
        var result = ProposalSelector.Select(Ike(responder), Offer(Ike(initiator)), peerKeyExchange: sent);
        Assert.Equal(ProposalSelectionFailure.InvalidKePayload, result.Failure);
        Assert.Equal(requested, result.RequiredKeyExchange);
        Assert.Equal(selected, result.Selected!.ToString());

        // The initiator retries with the requested group, and the same proposal is then selected.
        var retry = ProposalSelector.Select(Ike(responder), Offer(Ike(initiator)), peerKeyExchange: requested);
        Assert.True(retry.IsSuccess, retry.Reason);
        Assert.Equal(selected, retry.Selected!.ToString());
    }

    [Fact]
    public void Ke_payload_in_another_group_yields_invalid_ke_with_the_group_we_want()
    {
        var ours = Ike("aes256gcm16-prfsha256-x25519");
        var peer = Offer(Ike("aes256gcm16-prfsha256-ecp256-x25519"));
        var result = ProposalSelector.Select(ours, peer, peerKeyExchange: KeyExchangeMethod.Ecp256);
        Assert.False(result.IsSuccess);
        Assert.Equal(ProposalSelectionFailure.InvalidKePayload, result.Failure);
        Assert.Equal(KeyExchangeMethod.Curve25519, result.RequiredKeyExchange);
        Assert.Contains("ECP_256", result.Reason);
        Assert.Contains("CURVE_25519", result.Reason);
    }

    [Fact]
    public void No_common_group_is_no_proposal_chosen_not_invalid_ke()
    {
        var result = ProposalSelector.Select(Ike("aes256gcm16-prfsha256-x25519"), Offer(Ike("aes256gcm16-prfsha256-ecp256")), peerKeyExchange: KeyExchangeMethod.Ecp256);
        Assert.Equal(ProposalSelectionFailure.NoProposalChosen, result.Failure);
    }

    [Fact]
    public void Unknown_transform_ids_and_duplicates_are_skipped_not_fatal()
    {
        var ours = Ike("aes256gcm16-prfsha256-x25519");
        var peer = new OfferedProposal(1, ProposalProtocol.Ike, ReadOnlyMemory<byte>.Empty,
        [
            new(TransformType.Encryption, 1234, 256),
            new(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 256),
            new(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 256),
            new(TransformType.Prf, 999),
            new(TransformType.Prf, (ushort)PrfAlgorithm.HmacSha256),
            new(TransformType.KeyExchange, 4242),
            new(TransformType.KeyExchange, (ushort)KeyExchangeMethod.Curve25519),
        ]);
        var result = ProposalSelector.Select(ours, [peer]);
        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal("aes256gcm16-prfsha256-x25519", result.Selected!.ToProposalString());

        Assert.True(CryptoSuite.TryFromOffered(peer, out var suite, out var skipped, out _));
        Assert.Equal(3, skipped.Count);
        Assert.Equal("aes256gcm16-prfsha256-x25519", suite!.ToProposalString());
        Assert.Contains("UNKNOWN_1_1234", peer.ToString());
    }

    [Fact]
    public void Unknown_transform_type_rejects_only_that_proposal()
    {
        var ours = Ike("aes256gcm16-prfsha256-x25519");
        var odd = new OfferedProposal(1, ProposalProtocol.Ike, ReadOnlyMemory<byte>.Empty,
            [.. ours[0].Transforms, new ProposalTransform((TransformType)200, 1)]);
        var plain = ours[0].ToOffered(2, ReadOnlyMemory<byte>.Empty);
        Assert.False(ProposalSelector.Select(ours, [odd]).IsSuccess);
        var result = ProposalSelector.Select(ours, [odd, plain]);
        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.PeerProposal!.Number);
    }

    [Fact]
    public void Aead_peer_with_integrity_none_matches()
    {
        var ours = Ike("aes128gcm16-prfsha256-ecp256");
        var peer = new OfferedProposal(1, ProposalProtocol.Ike, ReadOnlyMemory<byte>.Empty,
            [.. ours[0].Transforms, new ProposalTransform(TransformType.Integrity, 0)]);
        Assert.True(ProposalSelector.Select(ours, [peer]).IsSuccess);
    }

    [Fact]
    public void Esp_pfs_must_agree_unless_the_peer_also_offers_none()
    {
        var withPfs = Esp("aes128gcm16-x25519");
        var without = Esp("aes128gcm16");
        Assert.False(ProposalSelector.Select(withPfs, Offer(without)).IsSuccess);
        Assert.False(ProposalSelector.Select(without, Offer(withPfs)).IsSuccess);

        var optional = new OfferedProposal(1, ProposalProtocol.Esp, new byte[4],
            [.. withPfs[0].Transforms, new ProposalTransform(TransformType.KeyExchange, 0)]);
        var result = ProposalSelector.Select(without, [optional]);
        Assert.True(result.IsSuccess, result.Reason);
        Assert.Empty(result.Selected!.KeyExchange);
        Assert.True(ProposalSelector.Select(withPfs, [optional]).IsSuccess);
    }

    [Fact]
    public void Esn_is_negotiated_and_a_peer_without_esn_transform_gets_noesn()
    {
        var ours = Esp("aes128gcm16-esn-noesn");
        var result = ProposalSelector.Select(ours, Offer(Esp("aes128gcm16-noesn-esn")));
        Assert.Equal([ExtendedSequenceNumbers.Extended], result.Selected!.ExtendedSequenceNumbers);

        var bare = new OfferedProposal(1, ProposalProtocol.Esp, new byte[4],
            [new ProposalTransform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 128)]);
        var fallback = ProposalSelector.Select(ours, [bare]);
        Assert.True(fallback.IsSuccess, fallback.Reason);
        Assert.Equal([ExtendedSequenceNumbers.None], fallback.Selected!.ExtendedSequenceNumbers);
    }

    [Fact]
    public void Protocol_must_match()
    {
        var result = ProposalSelector.Select(Esp("aes128gcm16"), [ProposalParser.Parse("sha256", ProposalProtocol.Ah).ToOffered(1, new byte[4])]);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Chacha_with_explicit_256_bit_key_length_matches()
    {
        var ours = Esp("chacha20poly1305");
        var peer = new OfferedProposal(1, ProposalProtocol.Esp, new byte[4],
        [
            new ProposalTransform(TransformType.Encryption, (ushort)EncryptionAlgorithm.ChaCha20Poly1305, 256),
            new ProposalTransform(TransformType.ExtendedSequenceNumbers, 0),
        ]);
        Assert.True(ProposalSelector.Select(ours, [peer]).IsSuccess);
    }

    [Fact]
    public void Response_check_accepts_a_single_choice_and_refuses_anything_else()
    {
        var sent = Ike("aes256gcm16-aes128gcm16-prfsha256-x25519-ecp256");
        var good = ProposalParser.Parse("aes128gcm16-prfsha256-ecp256", ProposalProtocol.Ike).ToOffered(1, default);
        Assert.True(ProposalSelector.CheckResponse(sent, good).IsSuccess);

        var two = sent[0].ToOffered(1, default);
        Assert.Equal(ProposalSelectionFailure.InvalidResponse, ProposalSelector.CheckResponse(sent, two).Failure);

        var foreign = ProposalParser.Parse("aes128gcm16-prfsha384-ecp256", ProposalProtocol.Ike).ToOffered(1, default);
        Assert.Equal(ProposalSelectionFailure.InvalidResponse, ProposalSelector.CheckResponse(sent, foreign).Failure);

        var missingKe = new OfferedProposal(1, ProposalProtocol.Ike, default, [.. good.Transforms.Where(t => t.Type != TransformType.KeyExchange)]);
        Assert.False(ProposalSelector.CheckResponse(sent, missingKe).IsSuccess);
    }

    [Fact]
    public void Peer_proposal_count_is_bounded()
    {
        var ours = Ike("aes256gcm16-prfsha256-x25519");
        var junk = Enumerable.Range(0, 1000).Select(i => Ike("aes128-sha1-modp2048")[0].ToOffered((byte)i, default)).ToList();
        junk.Add(ours[0].ToOffered(200, default));
        var result = ProposalSelector.Select(ours, junk);
        Assert.False(result.IsSuccess);
        Assert.True(result.Reason.Length < 64 * 100, "the reason lists only the proposals looked at");
    }
}
