using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// One configured IKEv2 connection, its first Child SA and any <see cref="AdditionalChildren"/>. Each side authenticates with the pre-shared key (default) or a
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

    /// <summary>The name of the first Child SA (the one in IKE_AUTH, made of the connection's own selectors and proposals); empty: the connection's name.</summary>
    public string ChildName { get; init; } = "";

    /// <summary>Further Child SAs, created with CREATE_CHILD_SA over the same IKE SA and accepted from the peer as responder.</summary>
    public IReadOnlyList<Ikev2ChildConfig> AdditionalChildren { get; init; } = [];

    /// <summary>The first Child SA (negotiated in IKE_AUTH) as a child configuration.</summary>
    public Ikev2ChildConfig FirstChild => new(ChildName.Length > 0 ? ChildName : Name, EspProposals, LocalTrafficSelectors, RemoteTrafficSelectors, Mode, Lifetimes);

    /// <summary>Every Child SA of the connection: <see cref="FirstChild"/>, then <see cref="AdditionalChildren"/>.</summary>
    public IReadOnlyList<Ikev2ChildConfig> Children => [FirstChild, .. AdditionalChildren];

    /// <summary>This connection with <paramref name="child"/> first (in IKE_AUTH) and its other children after it, for initiating with that child.</summary>
    public Ikev2Connection StartingWith(Ikev2ChildConfig child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return this with
        {
            ChildName = child.Name,
            EspProposals = child.EspProposals,
            LocalTrafficSelectors = child.LocalTrafficSelectors,
            RemoteTrafficSelectors = child.RemoteTrafficSelectors,
            Mode = child.Mode,
            // The IKE SA's own lifetimes are the same in every child's (the host builds them so); the first child's come from here.
            Lifetimes = child.Lifetimes ?? Lifetimes,
            AdditionalChildren = [.. Children.Where(c => c.Name != child.Name)],
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {LocalIdentity}@{LocalEndPoint} <-> {RemoteIdentity}@{RemoteEndPoint}";
}
