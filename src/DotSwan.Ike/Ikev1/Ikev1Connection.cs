using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// One configured IKEv1 connection: phase 1 authenticated with a pre-shared key or with certificates and RSA signatures
/// (<see cref="Authentication"/>), and one IPsec SA pair per Quick Mode.
/// </summary>
/// <param name="Name">Name for logs and events.</param>
/// <param name="LocalEndPoint">Our IKE address and port (500).</param>
/// <param name="RemoteEndPoint">The peer's IKE address and port; a responder picks the connection by this address (<see cref="IPAddress.Any"/> matches any peer).</param>
/// <param name="LocalIdentity">Our phase 1 identity (IDii or IDir).</param>
/// <param name="RemoteIdentity">The identity we require of the peer (<see cref="IkeIdentity.Any"/> accepts any).</param>
/// <param name="PreSharedKey">The PSK (unused with <see cref="AuthenticationClass.PublicKey"/>). The connection does not own it.</param>
/// <param name="IkeProposals">Phase 1 proposals (classic encryption + integrity (used as the IKEv1 hash) + DH group), in preference order.</param>
/// <param name="EspProposals">Quick Mode ESP proposals; a DH group in them turns on Quick Mode PFS with that group.</param>
/// <param name="LocalTrafficSelectors">Our side of the IPsec policy (the first one is sent as IDci/IDcr).</param>
/// <param name="RemoteTrafficSelectors">The peer's side.</param>
/// <param name="Mode">Tunnel (default) or transport; UDP encapsulation is chosen automatically when a NAT is detected.</param>
/// <param name="Retransmission">Retransmission schedule for our messages.</param>
public sealed record Ikev1Connection(
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
    RetransmissionSettings? Retransmission = null)
{
    /// <summary>
    /// Quick Mode AH proposals (strongSwan's <c>ah_proposals</c>, e.g. "sha256"); when set they replace <see cref="EspProposals"/>
    /// and the pairs are AH SAs (RFC 4302, integrity only). Empty (default): ESP.
    /// </summary>
    public IReadOnlyList<CryptoSuite> AhProposals { get; init; } = [];

    /// <summary>Lifetimes, the session key update limit and the PFS settings.</summary>
    public Ikev1KeyProtection KeyProtection { get; init; } = Ikev1KeyProtection.Default;

    /// <summary>
    /// Use (as initiator) and accept (as responder) Aggressive Mode instead of Main Mode. Off by default: with a
    /// pre-shared key, Aggressive Mode sends the identities in clear and the responder's HASH_R before the initiator has
    /// authenticated, so anyone who asks (or listens) gets a value to test PSK guesses against offline.
    /// </summary>
    public bool AggressiveMode { get; init; }

    /// <summary>Interval of RFC 3706 R-U-THERE probes on an established ISAKMP SA; null (default) sends none.</summary>
    public TimeSpan? DeadPeerDetectionDelay { get; init; }

    /// <summary>
    /// Make both sides see a NAT even when there is none (like strongSwan's <c>encap = yes</c>): our own NAT-D hash is
    /// sent scrambled, so ESP goes UDP-encapsulated on port 4500. Needs the peer's RFC 3947 vendor ID.
    /// </summary>
    public bool ForceEncapsulation { get; init; }

    /// <summary>
    /// The NAT-T port both sides float to (RFC 3947 §4): 4500. A host that runs IKE on other ports (tests, a demo on
    /// loopback) sets its own; IKE on it travels behind the non-ESP marker.
    /// </summary>
    public int NatTraversalPort { get; init; } = SendDatagram.NatTraversalPort;

    /// <summary>
    /// How phase 1 authenticates, for both sides at once (IKEv1 negotiates one method per ISAKMP SA):
    /// <see cref="AuthenticationClass.SharedKey"/> (default) or <see cref="AuthenticationClass.PublicKey"/>, RSA signatures
    /// (RFC 2409 §5.1, method 3) with <see cref="LocalCertificate"/>, the peer's certificate checked against <see cref="CertificateTrust"/>.
    /// Main Mode only; Aggressive Mode stays with pre-shared keys.
    /// </summary>
    public AuthenticationClass Authentication { get; init; }

    /// <summary>Our certificate and its RSA private key, for <see cref="AuthenticationClass.PublicKey"/>.</summary>
    public LocalCertificate? LocalCertificate { get; init; }

    /// <summary>The CAs (and CRLs) the peer's certificate must chain to, for <see cref="AuthenticationClass.PublicKey"/>; they are also named in our CERTREQs.</summary>
    public CertificateTrust? CertificateTrust { get; init; }

    /// <summary>When we send our certificate (strongSwan's <c>send_cert</c>): by default only when the peer sent a CERTREQ.</summary>
    public CertificateSendPolicy SendCertificate { get; init; }

    /// <summary>
    /// Phase 1 ("master key") byte limit in kilobytes, proposed as a second Life Type/Duration pair; 0 (default) proposes
    /// none. Bytes protected by the ISAKMP SA (Quick Mode, informational) are counted, whichever side's limit is lower
    /// applies, and reaching it renews phase 1 like the time limit does (90%: renewal, 100%: deletion).
    /// </summary>
    public ulong MasterKeyLifeKilobytes { get; init; }

    /// <summary>Send INITIAL-CONTACT in Main Mode message 5 (the peer then drops older SAs with us). On by default.</summary>
    public bool SendInitialContact { get; init; } = true;

    /// <summary>
    /// Emit <see cref="IsakmpSaKeysDerived"/> with the phase 1 encryption key of each ISAKMP SA, for a Wireshark key log.
    /// Off by default; set only when the user asked for a key log.
    /// </summary>
    public bool LogKeys { get; init; }

    /// <summary>The retransmission schedule in effect.</summary>
    public RetransmissionSettings EffectiveRetransmission => Retransmission ?? RetransmissionSettings.Default;

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {LocalIdentity}@{LocalEndPoint} <-> {RemoteIdentity}@{RemoteEndPoint} (IKEv1)";
}
