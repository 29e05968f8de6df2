using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// One configured IKEv2 connection and its first Child SA. Each side authenticates with the pre-shared key (default) or a
/// certificate: see <see cref="LocalAuthentication"/> and <see cref="RemoteAuthentication"/>.
/// </summary>
/// <param name="Name">Name for logs and events.</param>
/// <param name="LocalEndPoint">Our IKE address and port.</param>
/// <param name="RemoteEndPoint">The peer's IKE address and port (used when initiating).</param>
/// <param name="LocalIdentity">Our identity (IDi or IDr).</param>
/// <param name="RemoteIdentity">The identity we require of the peer (<see cref="IkeIdentity.Any"/> accepts any).</param>
/// <param name="PreSharedKey">The PSK both sides use (empty when neither side uses one). The connection does not own it.</param>
/// <param name="IkeProposals">IKE proposals in preference order (the first key exchange method is used first).</param>
/// <param name="EspProposals">ESP proposals for the Child SA (key exchange transforms are ignored in IKE_AUTH; in CREATE_CHILD_SA they ask for PFS).</param>
/// <param name="LocalTrafficSelectors">Our side of the Child SA's policy.</param>
/// <param name="RemoteTrafficSelectors">The peer's side.</param>
/// <param name="Mode">Tunnel (default) or transport.</param>
/// <param name="Retransmission">Retransmission schedule for our requests.</param>
/// <param name="Lifetimes">Rekey and expiry times of the IKE SA and its Child SAs (null: strongSwan's defaults).</param>
public sealed record Ikev2Connection(
    string Name,
    IPEndPoint LocalEndPoint,
    IPEndPoint RemoteEndPoint,
    IkeIdentity LocalIdentity,
    IkeIdentity RemoteIdentity,
    SecretBytes PreSharedKey,
    IReadOnlyList<CryptoSuite> IkeProposals,
    IReadOnlyList<CryptoSuite> EspProposals,
    IReadOnlyList<TrafficSelector> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelector> RemoteTrafficSelectors,
    ChildSaMode Mode = ChildSaMode.Tunnel,
    RetransmissionSettings? Retransmission = null,
    Ikev2Lifetimes? Lifetimes = null)
{
    /// <summary>The lifetimes in effect.</summary>
    public Ikev2Lifetimes EffectiveLifetimes => Lifetimes ?? Ikev2Lifetimes.Default;

    /// <summary>The retransmission schedule in effect.</summary>
    public RetransmissionSettings EffectiveRetransmission => Retransmission ?? RetransmissionSettings.Default;

    /// <summary>How we authenticate: <see cref="AuthenticationClass.SharedKey"/> (default) or <see cref="AuthenticationClass.PublicKey"/> with <see cref="LocalCertificate"/>.</summary>
    public AuthenticationClass LocalAuthentication { get; init; }

    /// <summary>How the peer must authenticate: <see cref="AuthenticationClass.SharedKey"/> (default) or <see cref="AuthenticationClass.PublicKey"/> with a certificate from <see cref="CertificateTrust"/>.</summary>
    public AuthenticationClass RemoteAuthentication { get; init; }

    /// <summary>Our certificate and private key, for <see cref="AuthenticationClass.PublicKey"/>.</summary>
    public LocalCertificate? LocalCertificate { get; init; }

    /// <summary>The CAs (and CRLs) the peer's certificate must chain to, for a peer that authenticates with <see cref="AuthenticationClass.PublicKey"/>.</summary>
    public CertificateTrust? CertificateTrust { get; init; }

    /// <summary>When we send our certificate (default: when the peer sent a CERTREQ).</summary>
    public CertificateSendPolicy SendCertificate { get; init; }

    /// <summary>Whether IKE_SA_INIT announces SIGNATURE_HASH_ALGORITHMS (RFC 7427); without it a peer signs with the classic AUTH methods 1 and 9–11.</summary>
    public bool AnnounceSignatureHashes { get; init; } = true;

    /// <summary>NAT detection, forced UDP encapsulation and keepalives (RFC 7296 §2.23).</summary>
    public NatTraversalSettings NatTraversal { get; init; } = NatTraversalSettings.Default;

    /// <summary>IKEv2 fragmentation (RFC 7383).</summary>
    public FragmentationSettings Fragmentation { get; init; } = FragmentationSettings.Default;

    /// <summary>
    /// Whether the engine hands out this connection's IKE SA keys (<see cref="IkeSaKeysDerived"/>) for a Wireshark key log.
    /// Off by default: key material leaves the engine only when this is set.
    /// </summary>
    public bool LogKeys { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {LocalIdentity}@{LocalEndPoint} <-> {RemoteIdentity}@{RemoteEndPoint}";
}
