using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Tests.Simulation;
using TrafficSelector = DotSwan.Ike.TrafficSelectors.TrafficSelector;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Ikev2;

/// <summary>Identity checks, Child SA negotiation failures, narrowing and stateless error answers.</summary>
public sealed class Ikev2EngineNegotiationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public void Initiator_rejects_a_responder_with_an_unexpected_identity()
    {
        using var pair = new EnginePair(configureSun: c => c with { LocalIdentity = IkeIdentity.Parse("mallory.example.org") });
        pair.Initiate();
        pair.Network.Run(Limit);
        var moon = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, moon.Kind);
        Assert.Contains("mallory.example.org", moon.Reason, StringComparison.Ordinal);
        Assert.Contains("sun.example.org", moon.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        // The responder had established and installed; the initiator's notice takes both down again.
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, sun.Kind);
        Assert.Contains("rejected our authentication", sun.Reason, StringComparison.Ordinal);
        var install = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(install.Inbound.Spi, Assert.Single(pair.Sun.Of<DeleteChildSa>()).InboundSpi);
        Assert.Empty(pair.Sun.Engine.IkeSas);
    }

    [Fact]
    public void Responder_rejects_an_initiator_with_an_unexpected_identity()
    {
        using var pair = new EnginePair(configureMoon: c => c with { LocalIdentity = IkeIdentity.Parse("mallory.example.org") });
        pair.Initiate();
        pair.Network.Run(Limit);
        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, sun.Kind);
        Assert.Contains("does not match the configured moon.example.org", sun.Reason, StringComparison.Ordinal);
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
    }

    [Fact]
    public void Responder_with_any_remote_identity_accepts_the_initiator()
    {
        using var pair = new EnginePair(configureSun: c => c with { RemoteIdentity = IkeIdentity.Any });
        pair.Initiate();
        pair.Network.Run(Limit);
        Assert.Equal("moon.example.org", Assert.Single(pair.Sun.Of<IkeSaEstablished>()).RemoteIdentity.ToString());
    }

    [Fact]
    public void Esp_proposal_mismatch_keeps_the_ike_sa_and_fails_the_child_sa_on_both_sides()
    {
        using var pair = new EnginePair(moonEsp: "aes128gcm16", sunEsp: "aes256-sha256");
        pair.Initiate();
        pair.Network.Run(Limit);
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        Assert.Empty(pair.Sun.Of<InstallChildSa>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, sun.Kind);
        Assert.Contains("AES_GCM_16_128", sun.Reason, StringComparison.Ordinal);
        Assert.Contains("AES_CBC_256", sun.Reason, StringComparison.Ordinal);
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
    }

    [Fact]
    public void Pfs_groups_in_esp_proposals_are_not_used_in_ike_auth()
    {
        using var pair = new EnginePair(moonEsp: "aes128gcm16-x25519", sunEsp: "aes128gcm16-x25519");
        pair.Initiate();
        pair.Network.Run(Limit);
        Assert.Equal("aes128gcm16", Assert.Single(pair.Moon.Of<InstallChildSa>()).Suite.ToProposalString());
    }

    [Fact]
    public void Disjoint_traffic_selectors_give_ts_unacceptable()
    {
        var other = TrafficSelector.FromSubnet(IPAddress.Parse("172.16.0.0"), 12);
        using var pair = new EnginePair(configureSun: c => c with { RemoteTrafficSelectors = [other] });
        pair.Initiate();
        pair.Network.Run(Limit);
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.TsUnacceptable, sun.Kind);
        Assert.Contains("172.16.0.0/12", sun.Reason, StringComparison.Ordinal);
        Assert.Equal(IkeSaFailureKind.TsUnacceptable, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
    }

    [Fact]
    public void Responder_narrows_traffic_selectors_and_both_sides_install_the_narrowed_ones()
    {
        var narrower = TrafficSelector.FromSubnet(IPAddress.Parse("10.2.1.0"), 24);
        using var pair = new EnginePair(configureSun: c => c with { LocalTrafficSelectors = [narrower] });
        pair.Initiate();
        pair.Network.Run(Limit);
        var moon = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sun = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal([narrower], moon.RemoteTrafficSelectors);
        Assert.Equal([narrower], sun.LocalTrafficSelectors);
        Assert.Equal(pair.MoonConnection.LocalTrafficSelectors, sun.RemoteTrafficSelectors);
    }

    [Fact]
    public void Ike_sa_init_without_a_key_exchange_payload_gets_invalid_syntax()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        var request = Decode(pair.Network.Sent[0].Datagram);
        var stripped = Ikev2MessageCodec.Encode(request with { Payloads = [.. request.Payloads.Where(p => p is not KeyExchangePayload)] });
        var outputs = pair.Sun.Engine.Receive(stripped, EnginePair.SunAddress, EnginePair.MoonAddress, SimulatedNetwork.Epoch);
        var answer = Decode(Assert.Single(outputs.OfType<SendDatagram>()).Datagram.ToArray());
        Assert.True(answer.Header.IsResponse);
        Assert.Equal(request.Header.InitiatorSpi, answer.Header.InitiatorSpi);
        Assert.Equal(NotifyType.InvalidSyntax, Assert.Single(answer.Payloads.OfType<NotifyPayload>()).NotifyType);
        Assert.Empty(pair.Sun.Engine.IkeSas);
    }

    [Fact]
    public void Request_with_a_tampered_header_fails_integrity_and_is_dropped()
    {
        using var pair = new EnginePair();
        pair.Initiate();
        pair.Network.Run(Limit);
        // Replay the IKE_AUTH request relabelled as CREATE_CHILD_SA message 2: the header is authenticated, so it
        // fails integrity and is dropped without an answer.
        var auth = pair.Network.Sent.Select(s => s.Datagram).First(d => Decode(d).Header.ExchangeType == Ikev2ExchangeType.IkeAuth).ToArray();
        auth[18] = (byte)Ikev2ExchangeType.CreateChildSa;
        auth[23] = 2;
        Assert.Empty(pair.Sun.Engine.Receive(auth, EnginePair.SunAddress, EnginePair.MoonAddress, pair.Network.Now));
        Assert.Equal(1, pair.Sun.Engine.Counters.DecryptionFailures);
    }

    [Theory]
    [InlineData(IkeSaState.SaInitSent, IkeSaState.AuthSent, true)]
    [InlineData(IkeSaState.SaInitSent, IkeSaState.SaInitSent, true)]
    [InlineData(IkeSaState.AuthSent, IkeSaState.Established, true)]
    [InlineData(IkeSaState.SaInitResponded, IkeSaState.Established, true)]
    [InlineData(IkeSaState.Established, IkeSaState.Deleting, true)]
    [InlineData(IkeSaState.Deleting, IkeSaState.Deleted, true)]
    [InlineData(IkeSaState.Established, IkeSaState.Rekeyed, true)]
    [InlineData(IkeSaState.Rekeyed, IkeSaState.Deleted, true)]
    [InlineData(IkeSaState.Rekeyed, IkeSaState.Established, false)]
    [InlineData(IkeSaState.SaInitSent, IkeSaState.Established, false)]
    [InlineData(IkeSaState.SaInitResponded, IkeSaState.AuthSent, false)]
    [InlineData(IkeSaState.Established, IkeSaState.SaInitSent, false)]
    [InlineData(IkeSaState.Failed, IkeSaState.Established, false)]
    [InlineData(IkeSaState.Deleted, IkeSaState.Established, false)]
    public void Transitions_are_defined_in_one_table(IkeSaState from, IkeSaState to, bool allowed) =>
        Assert.Equal(allowed, IkeSaTransitions.IsAllowed(from, to));

    private static Ikev2Message Decode(byte[] datagram)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }
}
