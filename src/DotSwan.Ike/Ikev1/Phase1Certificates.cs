using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Wire.Ikev1;
using CryptoIkev1AuthMethod = DotSwan.Crypto.Signatures.Ikev1AuthMethod;
using WireIkev1AuthMethod = DotSwan.Wire.Ikev1.Ikev1AuthMethod;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Main Mode authenticated with signatures and X.509 certificates (RFC 2409 §5.1: RSA, method 3; RFC 4754: ECDSA,
/// methods 9-11, HASH_I/HASH_R then computed with the HMAC of the curve's hash and signed as is): the CERTREQ payloads
/// naming our CAs (responder: message 4, initiator: message 5, as strongSwan sends them), our CERT payloads (end entity,
/// then intermediates) and SIG over HASH_I/HASH_R, and the check of the peer's — its certificate against the connection's
/// <see cref="CertificateTrust"/> (shared with IKEv2 through <see cref="PeerCertificate"/>), its ID against the
/// certificate, its SIG against the certificate's key. Reasons start with the notification they are answered with.
/// </summary>
internal static class Phase1Certificates
{
    /// <summary>Prefix of reasons answered with INVALID-CERTIFICATE.</summary>
    public const string InvalidCertificate = "INVALID-CERTIFICATE: ";

    /// <summary>Prefix of reasons answered with INVALID-ID-INFORMATION.</summary>
    public const string InvalidId = "INVALID-ID-INFORMATION: ";

    /// <summary>Prefix of reasons answered with AUTHENTICATION-FAILED.</summary>
    public const string AuthenticationFailed = "AUTHENTICATION-FAILED: ";

    /// <summary>The Authentication Method attribute our phase 1 transforms carry, or null (with a reason) when the connection cannot authenticate.</summary>
    public static WireIkev1AuthMethod? AuthMethod(Ikev1Connection connection, out string reason)
    {
        reason = "";
        if (connection.Authentication != AuthenticationClass.PublicKey) { return WireIkev1AuthMethod.PreSharedKey; }
        if (connection.AggressiveMode)
        {
            reason = "Aggressive Mode is implemented with pre-shared keys only; use Main Mode for certificates";
            return null;
        }
        if (connection.LocalCertificate is not { } local)
        {
            reason = "certificate authentication (pubkey) needs our certificate and private key (LocalCertificate)";
            return null;
        }
        if (connection.CertificateTrust is null)
        {
            reason = "certificate authentication (pubkey) needs the CA certificates the peer's certificate must chain to (CertificateTrust)";
            return null;
        }
        WireIkev1AuthMethod? method = (local.Key.KeyType, local.Key.KeySize) switch
        {
            (SignatureKeyType.Rsa, _) => WireIkev1AuthMethod.RsaSignature,
            (SignatureKeyType.Ecdsa, 256) => WireIkev1AuthMethod.EcdsaSha256P256,
            (SignatureKeyType.Ecdsa, 384) => WireIkev1AuthMethod.EcdsaSha384P384,
            (SignatureKeyType.Ecdsa, 521) => WireIkev1AuthMethod.EcdsaSha512P521,
            _ => null,
        };
        if (method is null)
        {
            reason = $"IKEv1 signature authentication needs an RSA key (method 3) or an ECDSA key on P-256, P-384 or P-521 (RFC 4754, methods 9-11); "
                + $"our key is {local.Key}";
        }
        return method;
    }

    /// <summary>True when the negotiated transform authenticates with signatures (RSA, or ECDSA per RFC 4754).</summary>
    public static bool UsesSignatures(IsakmpSa sa) => sa.Chosen?.AuthMethod is WireIkev1AuthMethod.RsaSignature or WireIkev1AuthMethod.EcdsaSha256P256
        or WireIkev1AuthMethod.EcdsaSha384P384 or WireIkev1AuthMethod.EcdsaSha512P521;

    /// <summary>
    /// RFC 4754 (and strongSwan): with an ECDSA method HASH_I/HASH_R are computed with the HMAC of the method's hash, keyed
    /// with SKEYID, whatever hash phase 1 negotiated; null for the other methods (the negotiated PRF is used).
    /// </summary>
    public static PrfAlgorithm? HashPrf(WireIkev1AuthMethod method) => method switch
    {
        WireIkev1AuthMethod.EcdsaSha256P256 => PrfAlgorithm.HmacSha256,
        WireIkev1AuthMethod.EcdsaSha384P384 => PrfAlgorithm.HmacSha384,
        WireIkev1AuthMethod.EcdsaSha512P521 => PrfAlgorithm.HmacSha512,
        _ => null,
    };

    private static CryptoIkev1AuthMethod SignatureMethod(IsakmpSa sa) => (CryptoIkev1AuthMethod)(ushort)sa.Chosen!.AuthMethod;

    /// <summary>One CERTREQ per trusted CA, naming it by its subject DN (RFC 2408 §3.10), when the SA uses signatures.</summary>
    public static IEnumerable<IsakmpPayload> CertificateRequests(IsakmpSa sa) =>
        UsesSignatures(sa) && sa.Connection.CertificateTrust is { } trust
            ? trust.Authorities.Select(ca => new CertificateRequestPayload(Ikev1CertificateEncoding.X509Signature, ca.SubjectName.RawData))
            : [];

    /// <summary>Notes whether the peer asked for an X.509 certificate (any CA: we have one certificate to offer).</summary>
    public static void ReadCertificateRequests(IsakmpSa sa, IEnumerable<IsakmpPayload> payloads)
    {
        if (payloads.OfType<CertificateRequestPayload>().Any(r => r.CertificateType == Ikev1CertificateEncoding.X509Signature))
        {
            sa.PeerRequestedCertificate = true;
        }
    }

    /// <summary>Our authentication payloads after the ID: CERT payloads when the send policy says so, then SIG over HASH_I or HASH_R.</summary>
    public static bool TryCreate(IsakmpSa sa, IdentificationPayload id, out List<IsakmpPayload> payloads, out string reason)
    {
        payloads = [];
        var local = sa.Connection.LocalCertificate!;
        byte[] hash = sa.IsInitiator ? Phase1Keying.HashI(sa, Ikev1Plaintext.BodyOf(id)) : Phase1Keying.HashR(sa, Ikev1Plaintext.BodyOf(id));
        if (!Ikev1Signature.TryCreate(SignatureMethod(sa), local.Key, hash, out var signature, out var error))
        {
            reason = $"signing {(sa.IsInitiator ? "HASH_I" : "HASH_R")} with {local}: {error.Detail}";
            return false;
        }
        bool send = sa.Connection.SendCertificate switch
        {
            CertificateSendPolicy.Always => true,
            CertificateSendPolicy.IfAsked => sa.PeerRequestedCertificate,
            _ => false,
        };
        if (send)
        {
            payloads.AddRange(new[] { local.Certificate }.Concat(local.Intermediates)
                .Select(c => new CertificatePayload(Ikev1CertificateEncoding.X509Signature, c.RawData)));
        }
        payloads.Add(new SignaturePayload(signature));
        reason = "";
        return true;
    }

    /// <summary>
    /// Checks the peer's ID (against the configured remote identity and its certificate), its certificate (against the
    /// trusted CAs and CRLs at <paramref name="now"/>) and its SIG; on success records the peer's identity.
    /// </summary>
    public static bool TryAuthenticatePeer(IsakmpSa sa, Ikev1Plaintext plaintext, DateTimeOffset now, out string reason)
    {
        int idIndex = plaintext.IndexOf<IdentificationPayload>();
        var sig = plaintext.Find<SignaturePayload>();
        string peer = sa.Remote.ToString();
        if (idIndex < 0 || sig is null)
        {
            reason = AuthenticationFailed + $"Main Mode message {(sa.IsInitiator ? 6 : 5)} from {peer} lacks its ID or SIG payload "
                + (plaintext.Find<HashPayload>() is null ? "" : "(it carries a HASH: the peer authenticates with a pre-shared key, this connection with certificates)");
            return false;
        }
        if (!Ikev1IdentityConverter.TryFromIdPayload((IdentificationPayload)plaintext.Payloads[idIndex], out var identity, out var idError))
        {
            reason = InvalidId + $"the identity of peer {peer} does not decode ({idError})";
            return false;
        }
        if (sa.Connection.RemoteIdentity.Match(identity!) == IdentityMatch.None)
        {
            reason = InvalidId + $"peer {peer} claims identity {identity}, but connection {sa.Connection.Name} expects {sa.Connection.RemoteIdentity}";
            return false;
        }
        string who = $"{identity} ({peer})";
        var certificates = plaintext.Payloads.OfType<CertificatePayload>()
            .Where(c => c.Encoding == Ikev1CertificateEncoding.X509Signature).Select(c => c.Data).ToList();
        if (!PeerCertificate.TryVerify(sa.Connection.CertificateTrust!, certificates, identity!, now, who, out var certificate, out var error, out reason))
        {
            reason = (error switch
            {
                PeerCertificateError.IdentityMismatch => InvalidId,
                PeerCertificateError.NoCertificate => AuthenticationFailed,
                _ => InvalidCertificate,
            }) + reason;
            return false;
        }
        using (certificate)
        {
            try
            {
                var idBody = plaintext.Body(idIndex).Span;
                byte[] hash = sa.IsInitiator ? Phase1Keying.HashR(sa, idBody) : Phase1Keying.HashI(sa, idBody);
                if (!Ikev1Signature.TryVerify(SignatureMethod(sa), sig.Data.Span, hash, certificate.Key, out var verifyError))
                {
                    reason = AuthenticationFailed + $"bad signature: the SIG payload of peer {who} does not verify over {(sa.IsInitiator ? "HASH_R" : "HASH_I")} "
                        + $"with the key of its certificate '{certificate.EndEntity.Subject}' ({verifyError.Detail})";
                    return false;
                }
            }
            catch (CryptographicException e)
            {
                reason = InvalidCertificate + $"the certificate of peer {who} is malformed: {e.Message}";
                return false;
            }
        }
        sa.RemoteIdentity = identity;
        reason = "";
        return true;
    }

    /// <summary>The notification a failure reason is answered with.</summary>
    public static Ikev1NotifyType NotifyFor(string reason) =>
        reason.StartsWith(InvalidId, StringComparison.Ordinal) ? Ikev1NotifyType.InvalidIdInformation
        : reason.StartsWith(InvalidCertificate, StringComparison.Ordinal) ? Ikev1NotifyType.InvalidCertificate
        : Ikev1NotifyType.AuthenticationFailed;

    /// <summary>
    /// Ends phase 1 after the peer's authentication message decrypted but was refused: the error goes to the peer in an
    /// informational exchange protected by the phase 1 keys (strongSwan ignores unprotected ones once keys exist; the IV
    /// follows the last phase 1 block, RFC 2409 Appendix B). The initiator adds a Delete of the ISAKMP SA: the responder
    /// established it with message 6.
    /// </summary>
    public static void Refuse(IsakmpSa sa, IsakmpMessage refused, string reason, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var protection = sa.Protection!;
        protection.Phase1Iv.TryAdvance(refused.EncryptedBody.Span, out _);
        uint messageId = sa.Engine.NewMessageId();
        var payloads = new List<IsakmpPayload>
        {
            new NotificationPayload(SecurityAssociationPayload.IpsecDoi, IpsecProtocolId.Isakmp, NotifyFor(reason), MainModeInitiator.Cookies(sa), default),
        };
        if (sa.IsInitiator)
        {
            payloads.Add(new DeletePayload(SecurityAssociationPayload.IpsecDoi, IpsecProtocolId.Isakmp, 16, [MainModeInitiator.Cookies(sa)]));
        }
        byte[] hash = QuickModeKeying.Hash1(sa, messageId, Ikev1Plaintext.Encode(payloads));
        sa.Send(protection.Encrypt(sa.Header(IsakmpExchangeType.Informational, messageId), [new HashPayload(hash), .. payloads],
            protection.ExchangeIv(messageId)), outputs);
        Phase1Failure.Fail(sa, IkeSaFailureKind.AuthenticationFailed, reason, now, outputs);
    }
}
