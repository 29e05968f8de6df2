using DotSwan.Crypto;

namespace DotSwan.Ike.Ikev2.Authentication;

/// <summary>
/// What the signed octets of one side's AUTH payload are made of (RFC 7296 §2.15), apart from the ID payload:
/// that side's IKE_SA_INIT message as sent, the other side's nonce, and SK_pi or SK_pr.
/// </summary>
/// <param name="Prf">The IKE SA's PRF.</param>
/// <param name="RealMessage">The IKE_SA_INIT message the authenticating side sent.</param>
/// <param name="PeerNonce">The other side's nonce data.</param>
/// <param name="SkP">SK_pi for the initiator's AUTH, SK_pr for the responder's.</param>
internal readonly record struct AuthOctetsInput(IPrf Prf, byte[] RealMessage, byte[] PeerNonce, SecretBytes SkP);
