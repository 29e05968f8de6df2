using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.LoadTester;

/// <summary>
/// What a load run does: which IKE version, how many handshakes, how many unfinished at once, which suites, against whom;
/// PSK authentication, or certificates both ways when <paramref name="Certificates"/> is set (IKEv2).
/// </summary>
internal sealed record LoadSettings(
    IPEndPoint Local,
    IPEndPoint Remote,
    int Count,
    int Window,
    string IkeProposal,
    string EspProposal,
    string ResponderId,
    SecretBytes PreSharedKey,
    int Version = 2,
    LoadCertificates? Certificates = null)
{
    /// <summary>Our side of every Child SA (10.1.0.0/16).</summary>
    public static TrafficSelector InitiatorSubnet { get; } = TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16);

    /// <summary>The responder's side of every Child SA (10.2.0.0/16).</summary>
    public static TrafficSelector ResponderSubnet { get; } = TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16);

    /// <summary>The initiator engine for <see cref="Version"/> (1 or 2).</summary>
    public ILoadEngine CreateEngine() => Version switch
    {
        1 => new Ikev1LoadEngine(this),
        2 => new Ikev2LoadEngine(this),
        _ => throw new ArgumentOutOfRangeException(nameof(Version), Version, "IKE version 1 or 2"),
    };
}
