using System.Net;

namespace DotSwan.Cli.Demo.Netns;

/// <summary>
/// One of the two tunnels of <c>dotswan demo --netns</c>: its IKE version and connection name, its inner addresses, and
/// its traffic selectors (west's and east's /24), and the names the progress lines use for its SAs and exchanges.
/// </summary>
internal sealed record NetnsDemoTunnel(
    int Version,
    IPAddress WestInner,
    IPAddress EastInner,
    string WestSubnet,
    string EastSubnet,
    string IkeSa,
    string Handshake,
    string ChildSa,
    string RekeyExchange,
    string DeleteExchange)
{
    /// <summary>The IKEv2 tunnel: 10.1.0.1 ↔ 10.2.0.1.</summary>
    public static NetnsDemoTunnel Ikev2 { get; } = new(2, DemoNamespacePair.WestInner, DemoNamespacePair.EastInner, "10.1.0.0/24", "10.2.0.0/24",
        "IKE SA", "IKE_SA_INIT, IKE_AUTH with PSK", "Child SA", "CREATE_CHILD_SA", "INFORMATIONAL with Delete");

    /// <summary>The IKEv1 tunnel: 10.3.0.1 ↔ 10.4.0.1.</summary>
    public static NetnsDemoTunnel Ikev1 { get; } = new(1, DemoNamespacePair.WestInnerV1, DemoNamespacePair.EastInnerV1, "10.3.0.0/24", "10.4.0.0/24",
        "ISAKMP SA", "Main Mode with PSK, then Quick Mode", "IPsec SA", "Quick Mode", "Informational Deletes");

    /// <summary>The connection name in both daemons' configuration.</summary>
    public string Connection => DemoConfiguration.ConnectionName(Version);

    /// <summary>"IKEv2" or "IKEv1", the prefix of its progress lines.</summary>
    public string Label => Version == 1 ? "IKEv1" : "IKEv2";
}
