using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Ikev2;

public sealed class Ikev2EngineHandshakeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519", "aes128gcm16")]
    [InlineData("aes128-sha256-ecp256", "aes128-sha256")]
    [InlineData("aes256-sha384-modp2048", "aes256-sha512")]
    [InlineData("chacha20poly1305-prfsha512-x25519", "chacha20poly1305")]
    public void Establishes_ike_sa_and_first_child_sa_with_matching_keys(string ike, string esp)
    {
        using var pair = new EnginePair(moonIke: ike, sunIke: ike, moonEsp: esp, sunEsp: esp);
        var id = pair.Initiate();
        pair.Network.Run(Limit);

        var moonIke = Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sunIke = Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(id.InitiatorSpi, moonIke.IkeSa.InitiatorSpi);
        Assert.Equal(moonIke.IkeSa, sunIke.IkeSa);
        Assert.True(moonIke.IsInitiator);
        Assert.False(sunIke.IsInitiator);
        Assert.Equal("sun.example.org", moonIke.RemoteIdentity.ToString());
        Assert.Equal("moon.example.org", sunIke.RemoteIdentity.ToString());
        Assert.Equal(ike, moonIke.Suite.ToProposalString());
        Assert.Equal(IkeSaState.Established, pair.Moon.Engine.GetState(moonIke.IkeSa));
        Assert.Equal(IkeSaState.Established, pair.Sun.Engine.GetState(sunIke.IkeSa));

        var moon = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sun = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(moon.Outbound.Spi, sun.Inbound.Spi);
        Assert.Equal(moon.Inbound.Spi, sun.Outbound.Spi);
        Assert.NotEqual(moon.Inbound.Spi, moon.Outbound.Spi);
        AssertSameKeys(moon.Outbound, sun.Inbound);
        AssertSameKeys(moon.Inbound, sun.Outbound);
        Assert.False(moon.Inbound.EncryptionKey.ReadOnlySpan.SequenceEqual(moon.Outbound.EncryptionKey.ReadOnlySpan));
        Assert.Equal(esp, moon.Suite.ToProposalString());
        Assert.Equal(moon.Suite, sun.Suite);
        Assert.Equal(ChildSaMode.Tunnel, moon.Mode);
        Assert.Equal(pair.MoonConnection.LocalTrafficSelectors, moon.LocalTrafficSelectors);
        Assert.Equal(pair.MoonConnection.RemoteTrafficSelectors, moon.RemoteTrafficSelectors);
        Assert.Equal(moon.LocalTrafficSelectors, sun.RemoteTrafficSelectors);
        Assert.Equal(moon.RemoteTrafficSelectors, sun.LocalTrafficSelectors);
        Assert.Single(pair.Moon.Of<ChildSaEstablished>());
        Assert.Single(pair.Sun.Of<ChildSaEstablished>());
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        // Nothing waits for the peer; the next deadline is the first Child SA's rekey (strongSwan's 1 h less up to 6 min of jitter).
        Assert.InRange(pair.Moon.Engine.NextDeadline!.Value - SimulatedNetwork.Epoch, TimeSpan.FromMinutes(54), TimeSpan.FromMinutes(60.01));
    }

    [Fact]
    public void Child_sa_key_lengths_follow_the_negotiated_transforms()
    {
        using var pair = new EnginePair(moonIke: "aes128-sha256-ecp256", sunIke: "aes128-sha256-ecp256", moonEsp: "aes256-sha256", sunEsp: "aes256-sha256");
        pair.Initiate();
        pair.Network.Run(Limit);
        var install = Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Equal(32, install.Outbound.EncryptionKey.Length);
        Assert.Equal(32, install.Outbound.IntegrityKey.Length);
        Assert.Equal(IntegrityAlgorithm.HmacSha256128, install.Integrity);
    }

    [Fact]
    public void Transport_mode_is_negotiated_when_both_sides_configure_it()
    {
        using var pair = new EnginePair(mode: ChildSaMode.Transport);
        pair.Initiate();
        pair.Network.Run(Limit);
        Assert.Equal(ChildSaMode.Transport, Assert.Single(pair.Moon.Of<InstallChildSa>()).Mode);
        Assert.Equal(ChildSaMode.Transport, Assert.Single(pair.Sun.Of<InstallChildSa>()).Mode);
    }

    [Fact]
    public void Wrong_psk_fails_authentication_on_both_sides_with_clear_reasons()
    {
        using var pair = new EnginePair(sunPsk: "a different secret");
        pair.Initiate();
        pair.Network.Run(Limit);

        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, sun.Kind);
        Assert.Contains("AUTHENTICATION_FAILED", sun.Reason, StringComparison.Ordinal);
        Assert.Contains("PSK mismatch", sun.Reason, StringComparison.Ordinal);
        Assert.Contains("moon.example.org", sun.Reason, StringComparison.Ordinal);
        var moon = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, moon.Kind);
        Assert.Contains("AUTHENTICATION_FAILED", moon.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        Assert.Empty(pair.Sun.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        Assert.Empty(pair.Sun.Of<InstallChildSa>());
        // The SAs linger to answer retransmissions and are then forgotten.
        Assert.Empty(pair.Moon.Engine.IkeSas);
        Assert.Empty(pair.Sun.Engine.IkeSas);
    }

    [Fact]
    public void Responder_rejects_a_wrong_psk_from_the_initiator_even_if_its_own_matches_a_third_key()
    {
        using var pair = new EnginePair(moonPsk: "initiator's idea");
        pair.Initiate();
        pair.Network.Run(Limit);
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, Assert.Single(pair.Sun.Of<IkeSaFailed>()).Kind);
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
    }

    [Fact]
    public void Proposal_mismatch_gives_no_proposal_chosen_with_both_sides_in_the_reason()
    {
        using var pair = new EnginePair(moonIke: "aes128-sha256-ecp256", sunIke: "aes256gcm16-prfsha384-x25519");
        pair.Initiate();
        pair.Network.Run(Limit);

        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, sun.Kind);
        Assert.StartsWith("NO_PROPOSAL_CHOSEN: no proposal chosen: peer offered ", sun.Reason, StringComparison.Ordinal);
        Assert.Contains("AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256", sun.Reason, StringComparison.Ordinal);
        Assert.Contains("we accept", sun.Reason, StringComparison.Ordinal);
        Assert.Contains("AES_GCM_16_256/PRF_HMAC_SHA2_384/CURVE_25519", sun.Reason, StringComparison.Ordinal);
        var moon = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, moon.Kind);
        Assert.StartsWith("NO_PROPOSAL_CHOSEN", moon.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Sun.Engine.IkeSas);
    }

    [Fact]
    public void Key_exchange_group_mismatch_is_resolved_with_invalid_ke_payload()
    {
        using var pair = new EnginePair(moonIke: "aes256gcm16-prfsha256-ecp256-x25519", sunIke: "aes256gcm16-prfsha256-x25519");
        pair.Initiate();
        pair.Network.Run(Limit);

        var messages = pair.Network.Sent.Select(s => (s.From, Message: Decode(s.Datagram))).ToList();
        var first = messages[0].Message;
        Assert.Equal((ushort)KeyExchangeMethod.Ecp256, first.Payloads.OfType<KeyExchangePayload>().Single().Group);
        var invalidKe = messages[1];
        Assert.Equal("sun", invalidKe.From);
        var notify = invalidKe.Message.Payloads.OfType<NotifyPayload>().Single();
        Assert.Equal(NotifyType.InvalidKePayload, notify.NotifyType);
        Assert.Equal([0, (byte)KeyExchangeMethod.Curve25519], notify.Data.ToArray());
        var retry = messages[2].Message;
        Assert.Equal(first.Header.InitiatorSpi, retry.Header.InitiatorSpi);
        Assert.Equal((ushort)KeyExchangeMethod.Curve25519, retry.Payloads.OfType<KeyExchangePayload>().Single().Group);

        var established = Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Equal([KeyExchangeMethod.Curve25519], established.Suite.KeyExchange);
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Single(pair.Moon.Of<InstallChildSa>());
    }

    [Fact]
    public void Invalid_ke_payload_for_a_group_we_do_not_propose_fails_with_a_reason()
    {
        using var pair = new EnginePair(moonIke: "aes256gcm16-prfsha256-ecp256", sunIke: "aes256gcm16-prfsha256-ecp256-x25519");
        // The responder accepts ECP-256 as well, so this exchange succeeds: prove the negative with a forged answer instead.
        var id = pair.Initiate();
        var request = Decode(pair.Network.Sent[0].Datagram);
        var data = new byte[] { 0, (byte)KeyExchangeMethod.Curve25519 };
        var forged = Ikev2MessageCodec.Encode(new Ikev2Message(
            request.Header with { Flags = Ikev2HeaderFlags.Response },
            [new NotifyPayload(ProtocolId.None, ReadOnlyMemory<byte>.Empty, NotifyType.InvalidKePayload, data)]));
        var outputs = pair.Moon.Engine.Receive(forged, EnginePair.MoonAddress, EnginePair.SunAddress, pair.Network.Now);
        var failed = Assert.Single(outputs.OfType<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.InvalidKePayload, failed.Kind);
        Assert.Contains("CURVE_25519", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(IkeSaState.Failed, pair.Moon.Engine.GetState(id));
    }

    [Fact]
    public void Delete_removes_the_ike_sa_and_child_sa_on_both_sides()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        var id = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        var install = Assert.Single(pair.Moon.Of<InstallChildSa>());

        pair.Network.Emit(pair.Moon, pair.Moon.Engine.Delete(id, pair.Network.Now));
        pair.Network.Run(Limit);

        Assert.Contains("deleted by us", Assert.Single(pair.Moon.Of<IkeSaDeleted>()).Reason, StringComparison.Ordinal);
        Assert.Contains("deleted by peer", Assert.Single(pair.Sun.Of<IkeSaDeleted>()).Reason, StringComparison.Ordinal);
        var moonDelete = Assert.Single(pair.Moon.Of<DeleteChildSa>());
        Assert.Equal(install.Inbound.Spi, moonDelete.InboundSpi);
        Assert.Equal(install.Outbound.Spi, moonDelete.OutboundSpi);
        var sunDelete = Assert.Single(pair.Sun.Of<DeleteChildSa>());
        Assert.Equal(install.Inbound.Spi, sunDelete.OutboundSpi);
        Assert.Empty(pair.Moon.Engine.IkeSas);
        Assert.Empty(pair.Sun.Engine.IkeSas);
    }

    [Fact]
    public void Responder_can_delete_too()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        var id = Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Emit(pair.Sun, pair.Sun.Engine.Delete(id, pair.Network.Now));
        pair.Network.Run(Limit);
        Assert.Single(pair.Sun.Of<IkeSaDeleted>());
        Assert.Single(pair.Moon.Of<IkeSaDeleted>());
    }

    [Fact]
    public void Liveness_check_is_answered_and_keeps_the_sa()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        var id = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        int sent = pair.Network.Sent.Count;

        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CheckLiveness(id, pair.Network.Now));
        pair.Network.Run(Limit);

        Assert.Equal(sent + 2, pair.Network.Sent.Count);
        var response = Decode(pair.Network.Sent[^1].Datagram);
        Assert.Equal(Ikev2ExchangeType.Informational, response.Header.ExchangeType);
        Assert.True(response.Header.IsResponse);
        Assert.Equal(2u, response.Header.MessageId);
        Assert.Equal(IkeSaState.Established, pair.Moon.Engine.GetState(id));
        // Nothing waits for the peer; the next deadline is the first Child SA's rekey (strongSwan's 1 h less up to 6 min of jitter).
        Assert.InRange(pair.Moon.Engine.NextDeadline!.Value - SimulatedNetwork.Epoch, TimeSpan.FromMinutes(54), TimeSpan.FromMinutes(60.01));
        Assert.Empty(pair.Moon.Of<IkeSaDeleted>());
    }

    [Fact]
    public void Liveness_check_against_a_vanished_peer_loses_the_sa()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        var id = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Conditions = NetworkConditions.BlackHole;
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CheckLiveness(id, pair.Network.Now));
        pair.Network.Run(Limit);
        var deleted = Assert.Single(pair.Moon.Of<IkeSaDeleted>());
        Assert.Contains("not responding after 5 retransmits", deleted.Reason, StringComparison.Ordinal);
        Assert.Single(pair.Moon.Of<DeleteChildSa>());
    }

    [Fact]
    public void Responder_installs_the_child_sa_before_its_ike_auth_response_leaves()
    {
        // The initiator may send ESP as soon as it has the response; the SA must already be there.
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        var outputs = pair.Sun.Outputs.Select(o => o.Output).ToList();
        int install = outputs.FindIndex(o => o is InstallChildSa);
        int authResponse = outputs.FindIndex(o => o is SendDatagram send
            && Decode(send.Datagram.ToArray()).Header.ExchangeType == Ikev2ExchangeType.IkeAuth);
        Assert.True(install >= 0 && authResponse >= 0, "both the install and the IKE_AUTH response are expected");
        Assert.True(install < authResponse, $"InstallChildSa at {install} came after the IKE_AUTH response at {authResponse}");
    }

    [Fact]
    public void Request_for_an_unknown_ike_sa_is_answered_with_invalid_ike_spi()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        var auth = pair.Network.Sent.Select(s => s.Datagram).First(d => Decode(d).Header.ExchangeType == Ikev2ExchangeType.IkeAuth);
        using var stranger = new Ikev2Engine([pair.SunConnection], new SeededRandomSource(99));
        var outputs = stranger.Receive(auth, EnginePair.SunAddress, EnginePair.MoonAddress, SimulatedNetwork.Epoch);
        var send = Assert.Single(outputs.OfType<SendDatagram>());
        var answer = Decode(send.Datagram.ToArray());
        Assert.True(answer.Header.IsResponse);
        Assert.Equal(NotifyType.InvalidIkeSpi, Assert.Single(answer.Payloads.OfType<NotifyPayload>()).NotifyType);
        Assert.Equal(1, stranger.Counters.UnknownSpi);
    }

    [Fact]
    public void Replayed_old_requests_and_stray_responses_are_dropped_and_counted()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        var sent = pair.Network.Sent;
        var initResponse = sent.First(s => s.From == "sun").Datagram;
        var initRequest = sent[0].Datagram;

        // A late copy of the IKE_SA_INIT response: no request is outstanding.
        Assert.Empty(pair.Moon.Engine.Receive(initResponse, EnginePair.MoonAddress, EnginePair.SunAddress, pair.Network.Now));
        Assert.Equal(1, pair.Moon.Engine.Counters.UnexpectedResponses);
        // A late copy of IKE_SA_INIT after IKE_AUTH: message ID 0 is behind the window.
        Assert.Empty(pair.Sun.Engine.Receive(initRequest, EnginePair.SunAddress, EnginePair.MoonAddress, pair.Network.Now));
        Assert.Equal(1, pair.Sun.Engine.Counters.OutOfWindowRequests);
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
    }

    private static Ikev2Message Decode(byte[] datagram)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }

    private static void AssertSameKeys(ChildSaDirectionKeys a, ChildSaDirectionKeys b)
    {
        Assert.Equal(a.Spi, b.Spi);
        Assert.True(a.EncryptionKey.ReadOnlySpan.SequenceEqual(b.EncryptionKey.ReadOnlySpan));
        Assert.True(a.IntegrityKey.ReadOnlySpan.SequenceEqual(b.IntegrityKey.ReadOnlySpan));
        Assert.NotEqual(0, a.EncryptionKey.Length);
    }
}
