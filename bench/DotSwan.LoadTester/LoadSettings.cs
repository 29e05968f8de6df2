using System.Net;
using DotSwan.Crypto;

namespace DotSwan.LoadTester;

/// <summary>
/// What a load run does: how many IKE SAs, how many unfinished at once, which suites, against whom; PSK authentication,
/// or certificates both ways when <paramref name="Certificates"/> is set.
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
    LoadCertificates? Certificates = null);
