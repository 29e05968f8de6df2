using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2Wire;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2.Authentication;

/// <summary>
/// The authentication part of one IKE SA, for both roles: what IKE_SA_INIT announces (SIGNATURE_HASH_ALGORITHMS, and the
/// responder's CERTREQ), what the peer announced, our IDx-side payloads (CERT, CERTREQ, AUTH) and the check of the peer's.
/// Each side's method follows the connection: <see cref="Ikev2Connection.LocalAuthentication"/> for ours,
/// <see cref="Ikev2Connection.RemoteAuthentication"/> for what we require of the peer.
/// </summary>
internal sealed class IkeSaAuthentication
{
    private readonly Ikev2Connection _connection;
    private readonly SharedKeyAuthenticator _sharedKey;
    private readonly SignatureAuthenticator _signature;
    private HashSet<SignatureHashAlgorithm>? _peerHashes;
    private bool _peerRequestedCertificate;

    public IkeSaAuthentication(Ikev2Connection connection)
    {
        _connection = connection;
        _sharedKey = new SharedKeyAuthenticator(connection.PreSharedKey);
        _signature = new SignatureAuthenticator(connection.LocalCertificate, connection.CertificateTrust);
    }

    /// <summary>The hash algorithms the peer announced (RFC 7427 §4), or null when it sent no SIGNATURE_HASH_ALGORITHMS.</summary>
    public IReadOnlySet<SignatureHashAlgorithm>? PeerHashes => _peerHashes;

    /// <summary>Whether the peer sent a CERTREQ for X.509 certificates.</summary>
    public bool PeerRequestedCertificate => _peerRequestedCertificate;

    /// <summary>Notifies for our IKE_SA_INIT message: SIGNATURE_HASH_ALGORITHMS unless the connection turns it off.</summary>
    public IEnumerable<NotifyPayload> SaInitNotifies() => _connection.AnnounceSignatureHashes
        ? [new NotifyPayload(ProtocolId.None, ReadOnlyMemory<byte>.Empty, NotifyType.SignatureHashAlgorithms,
            SignatureHashAlgorithmsNotify.Encode(SignatureHashAlgorithmsNotify.Supported))]
        : [];

    /// <summary>Our CERTREQ (responder: in IKE_SA_INIT; initiator: in IKE_AUTH) when we require a certificate of the peer.</summary>
    public IEnumerable<CertificateRequestPayload> CertificateRequests() =>
        _connection.RemoteAuthentication == AuthenticationClass.PublicKey && _connection.CertificateTrust is { } trust
            ? [CertificateRequestBuilder.Build(trust)]
            : [];

    /// <summary>Records what the peer announced in IKE_SA_INIT (hash algorithms, CERTREQ) or its IKE_AUTH request (CERTREQ).</summary>
    public void OnPeerPayloads(IReadOnlyList<Ikev2Payload> payloads)
    {
        foreach (var notify in payloads.OfType<NotifyPayload>().Where(n => n.NotifyType == NotifyType.SignatureHashAlgorithms))
        {
            if (SignatureHashAlgorithmsNotify.TryRead(notify.Data.Span, out var hashes)) { _peerHashes = hashes; }
        }

        if (CertificateRequestBuilder.TryRead(payloads, out _)) { _peerRequestedCertificate = true; }
    }

    /// <summary>
    /// Our payloads after the ID payload: CERT payloads (when the policy says so), the CERTREQ when
    /// <paramref name="withCertificateRequest"/> (initiator), then AUTH.
    /// </summary>
    public bool TryCreate(AuthOctetsInput input, IdentificationPayload ourId, bool withCertificateRequest, out List<Ikev2Payload> payloads, out string reason)
    {
        payloads = [];
        AuthenticationPayload? auth;
        if (_connection.LocalAuthentication == AuthenticationClass.PublicKey)
        {
            if (!_signature.TryCreate(_peerHashes, input, ourId, out auth, out reason)) { return false; }
            bool send = _connection.SendCertificate switch
            {
                CertificateSendPolicy.Always => true,
                CertificateSendPolicy.IfAsked => _peerRequestedCertificate,
                _ => false,
            };
            if (send) { payloads.AddRange(_signature.CertificatePayloads()); }
        }
        else if (!_sharedKey.TryCreate(input, ourId, out auth, out reason))
        {
            return false;
        }

        if (withCertificateRequest) { payloads.AddRange(CertificateRequests()); }
        payloads.Add(auth!);
        return true;
    }

    /// <summary>
    /// Checks the peer's ID against the configured remote identity and its AUTH (with its certificates for pubkey);
    /// the reason starts with AUTHENTICATION_FAILED and says what to fix.
    /// </summary>
    public bool TryVerifyPeer(AuthOctetsInput input, IReadOnlyList<Ikev2Payload> inner, IdentificationPayload id, AuthenticationPayload auth,
        DateTimeOffset now, string peer, out IkeIdentity? identity, out string reason)
    {
        if (!Ikev2PayloadConverter.TryFromWire(id, out identity, out var idError))
        {
            reason = $"AUTHENTICATION_FAILED: identity of peer {peer} is malformed: {idError}";
            return false;
        }

        if (_connection.RemoteIdentity.Match(identity!) == IdentityMatch.None)
        {
            reason = $"AUTHENTICATION_FAILED: peer identity {identity} does not match the configured {_connection.RemoteIdentity}";
            return false;
        }

        string who = $"{identity} ({peer})";
        bool ok = _connection.RemoteAuthentication == AuthenticationClass.PublicKey
            ? _signature.TryVerify(input, inner, id, identity!, auth, now, who, out reason)
            : _sharedKey.Verify(input, id, auth, who, out reason);
        if (!ok) { reason = "AUTHENTICATION_FAILED: " + reason; }
        return ok;
    }
}
