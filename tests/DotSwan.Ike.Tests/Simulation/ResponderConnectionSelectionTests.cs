using System.Net;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>A responder with several connections settles on one by the peer's IDi in IKE_AUTH, not by the IKE proposal alone.</summary>
public sealed class ResponderConnectionSelectionTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static readonly IPEndPoint SunAddress = new(IPAddress.Parse("192.0.2.2"), 500);
    private static readonly IPEndPoint PeerAddress = new(IPAddress.Parse("192.0.2.1"), 500);
    private readonly List<SecretBytes> _secrets = [];

    [Fact]
    public void The_peers_idi_picks_the_second_connection_with_its_own_psk_and_traffic_selectors()
    {
        var (network, peer, sun, peerConnection) = Setup("carol.example.org", "carol-secret-0123456789");

        network.Emit(peer, peer.Engine.Initiate(peerConnection, network.Now, out _));
        network.Run(Limit);

        Assert.Equal("sun-carol", Assert.Single(sun.Of<IkeSaEstablished>()).Connection);
        Assert.Equal("carol", Assert.Single(peer.Of<IkeSaEstablished>()).Connection);
        var child = Assert.Single(sun.Of<ChildSaEstablished>());
        Assert.Equal("sun-carol", child.Connection);
        Assert.Contains("10.3.0.0/16", child.Description, StringComparison.Ordinal);
        Assert.Empty(sun.Of<IkeSaFailed>());
    }

    [Fact]
    public void The_first_connection_still_serves_its_own_peer()
    {
        var (network, peer, sun, peerConnection) = Setup("moon.example.org", "moon-secret-0123456789");

        network.Emit(peer, peer.Engine.Initiate(peerConnection, network.Now, out _));
        network.Run(Limit);

        Assert.Equal("sun-moon", Assert.Single(sun.Of<IkeSaEstablished>()).Connection);
        Assert.Single(peer.Of<IkeSaEstablished>());
    }

    [Fact]
    public void An_idi_no_connection_accepts_fails_with_authentication_failed_and_says_why()
    {
        var (network, peer, sun, peerConnection) = Setup("dave.example.org", "carol-secret-0123456789");

        network.Emit(peer, peer.Engine.Initiate(peerConnection, network.Now, out _));
        network.Run(Limit);

        Assert.Empty(sun.Of<IkeSaEstablished>());
        var failed = Assert.Single(sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, failed.Kind);
        Assert.Contains("no connection accepts peer identity dave.example.org", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, Assert.Single(peer.Of<IkeSaFailed>()).Kind);
    }

    [Fact]
    public void The_right_idi_with_the_other_connections_psk_fails_authentication()
    {
        var (network, peer, sun, peerConnection) = Setup("carol.example.org", "moon-secret-0123456789");

        network.Emit(peer, peer.Engine.Initiate(peerConnection, network.Now, out _));
        network.Run(Limit);

        Assert.Empty(sun.Of<IkeSaEstablished>());
        var failed = Assert.Single(sun.Of<IkeSaFailed>());
        Assert.Equal((IkeSaFailureKind.AuthenticationFailed, "sun-carol"), (failed.Kind, failed.Connection));
    }

    [Fact]
    public void Exact_beats_wildcard_beats_any_and_idr_must_fit_our_identity()
    {
        var any = Connection("any", "sun.example.org", "%any", "x-secret-0123456789", "10.9.0.0/16");
        var wildcard = Connection("wild", "sun.example.org", "*.example.org", "x-secret-0123456789", "10.9.0.0/16");
        var exact = Connection("exact", "sun.example.org", "carol.example.org", "x-secret-0123456789", "10.9.0.0/16");
        var other = Connection("other", "sun2.example.org", "%any", "x-secret-0123456789", "10.9.0.0/16");
        var carol = IkeIdentity.Parse("carol.example.org");

        Assert.Same(exact, ResponderConnectionSelector.Select([any, wildcard, exact], carol, null, out _));
        Assert.Same(wildcard, ResponderConnectionSelector.Select([any, wildcard], carol, null, out _));
        Assert.Same(any, ResponderConnectionSelector.Select([any, other], carol, null, out _));
        Assert.Same(other, ResponderConnectionSelector.Select([any, other], carol, IkeIdentity.Parse("sun2.example.org"), out _));
        Assert.Null(ResponderConnectionSelector.Select([exact], carol, IkeIdentity.Parse("sun3.example.org"), out string reason));
        Assert.Contains("asking for sun3.example.org", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_exclude_connections_whose_addresses_or_ike_proposals_do_not_fit()
    {
        var first = Connection("first", "sun.example.org", "%any", "x-secret-0123456789", "10.9.0.0/16");
        var elsewhere = Connection("elsewhere", "sun.example.org", "%any", "x-secret-0123456789", "10.9.0.0/16") with
        {
            RemoteEndPoint = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 500),
        };
        var otherSuite = Connection("cbc", "sun.example.org", "%any", "x-secret-0123456789", "10.9.0.0/16") with
        {
            IkeProposals = ProposalParser.ParseList("aes128-sha256-modp2048", ProposalProtocol.Ike),
        };
        var fits = Connection("fits", "sun.example.org", "%any", "x-secret-0123456789", "10.9.0.0/16");
        var suite = first.IkeProposals[0];

        var candidates = ResponderConnectionSelector.Candidates([first, elsewhere, otherSuite, fits], fits, suite, SunAddress, PeerAddress);

        Assert.Equal(["fits", "first"], candidates.Select(c => c.Name));
    }

    [Fact]
    public void With_equal_identities_the_connection_of_the_address_the_peer_came_to_is_chosen()
    {
        // Listed first and equal in everything but its local address (a daemon listening on two addresses).
        var elsewhere = Connection("elsewhere", "sun.example.org", "moon.example.org", "moon-secret-0123456789", "10.1.0.0/16") with
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Parse("198.51.100.2"), 500),
        };
        var here = Connection("here", "sun.example.org", "moon.example.org", "moon-secret-0123456789", "10.1.0.0/16");
        var moon = new Ikev2Connection("moon", PeerAddress, SunAddress, IkeIdentity.Parse("moon.example.org"), IkeIdentity.Parse("sun.example.org"),
            Secret("moon-secret-0123456789"), ProposalParser.ParseList("aes256gcm16-prfsha256-x25519", ProposalProtocol.Ike),
            ProposalParser.ParseList("aes128gcm16", ProposalProtocol.Esp), [TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16)],
            [TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16)]);
        var network = new SimulatedNetwork(7, NetworkConditions.Perfect);
        var peer = network.Add(new SimulatedNode("peer", PeerAddress, new Ikev2Engine([moon], new SeededRandomSource(11))));
        var sun = network.Add(new SimulatedNode("sun", SunAddress, new Ikev2Engine([elsewhere, here], new SeededRandomSource(12))));

        network.Emit(peer, peer.Engine.Initiate(moon, network.Now, out _));
        network.Run(Limit);

        Assert.Equal("here", Assert.Single(sun.Of<IkeSaEstablished>()).Connection);
        Assert.Empty(sun.Of<IkeSaFailed>());
    }

    public void Dispose()
    {
        foreach (var secret in _secrets) { secret.Dispose(); }
    }

    private (SimulatedNetwork Network, SimulatedNode Peer, SimulatedNode Sun, Ikev2Connection PeerConnection) Setup(string peerId, string peerPsk)
    {
        // Listed first, sun-moon is what IKE_SA_INIT picks by proposal; IKE_AUTH must move carol to sun-carol.
        var sunMoon = Connection("sun-moon", "sun.example.org", "moon.example.org", "moon-secret-0123456789", "10.1.0.0/16");
        var sunCarol = Connection("sun-carol", "sun.example.org", "carol.example.org", "carol-secret-0123456789", "10.3.0.0/16");
        var peerConnection = new Ikev2Connection(peerId.Split('.')[0], PeerAddress, SunAddress, IkeIdentity.Parse(peerId),
            IkeIdentity.Parse("sun.example.org"), Secret(peerPsk), ProposalParser.ParseList("aes256gcm16-prfsha256-x25519", ProposalProtocol.Ike),
            ProposalParser.ParseList("aes128gcm16", ProposalProtocol.Esp),
            [TrafficSelector.FromSubnet(IPAddress.Parse(peerId.StartsWith("moon", StringComparison.Ordinal) ? "10.1.0.0" : "10.3.0.0"), 16)],
            [TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16)]);
        var network = new SimulatedNetwork(7, NetworkConditions.Perfect);
        var peer = network.Add(new SimulatedNode("peer", PeerAddress, new Ikev2Engine([peerConnection], new SeededRandomSource(11))));
        var sun = network.Add(new SimulatedNode("sun", SunAddress, new Ikev2Engine([sunMoon, sunCarol], new SeededRandomSource(12))));
        return (network, peer, sun, peerConnection);
    }

    private Ikev2Connection Connection(string name, string localId, string remoteId, string psk, string remoteNet) =>
        new(name, SunAddress, new IPEndPoint(IPAddress.Any, 500), IkeIdentity.Parse(localId), IkeIdentity.Parse(remoteId), Secret(psk),
            ProposalParser.ParseList("aes256gcm16-prfsha256-x25519", ProposalProtocol.Ike), ProposalParser.ParseList("aes128gcm16", ProposalProtocol.Esp),
            [TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16)],
            [TrafficSelector.FromSubnet(IPAddress.Parse(remoteNet.Split('/')[0]), int.Parse(remoteNet.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture))]);

    private SecretBytes Secret(string text)
    {
        var secret = SecretBytes.CopyOf(Encoding.UTF8.GetBytes(text));
        _secrets.Add(secret);
        return secret;
    }
}
