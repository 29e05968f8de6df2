using DotSwan.Crypto;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Ikev2.Authentication;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.TestSupport.Certificates;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Authentication;

public sealed class IkeSaAuthenticationTests
{
    [Theory]
    [InlineData(CertificateSendPolicy.IfAsked, false, 0)]
    [InlineData(CertificateSendPolicy.IfAsked, true, 2)]
    [InlineData(CertificateSendPolicy.Always, false, 2)]
    [InlineData(CertificateSendPolicy.Never, true, 0)]
    public void Sends_its_certificate_and_intermediate_as_the_policy_and_the_peers_CERTREQ_say(CertificateSendPolicy policy, bool peerAsked, int expected)
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var intermediate = certs.Own(certs.Ca.CreateIntermediate("C=CH, O=DotSwan Test, CN=Intermediate", TestKeyType.EcdsaP256, CertificateScenario.Epoch.AddDays(-60)));
        var moonCert = certs.Own(intermediate.Issue("C=CH, O=DotSwan Test, CN=moon.example.org", TestKeyType.EcdsaP256, CertificateScenario.Epoch.AddDays(-30)));
        using var pair = new EnginePair(configureMoon: certs.Configure(moonCert, intermediates: [intermediate.Certificate]));
        var auth = new IkeSaAuthentication(pair.MoonConnection with { SendCertificate = policy });
        if (peerAsked)
        {
            auth.OnPeerPayloads([new CertificateRequestPayload(CertificateEncoding.X509CertificateSignature, CertificateTrust.KeyHash(certs.Ca.Certificate))]);
        }
        Assert.Equal(peerAsked, auth.PeerRequestedCertificate);

        Assert.True(TransformRegistry.Default.TryCreatePrf(PrfAlgorithm.HmacSha256, out var prf, out _));
        using (prf)
        using (var skP = SecretBytes.CopyOf(new byte[32]))
        {
            var id = new IdentificationPayload(true, IdType.Fqdn, "moon.example.org"u8.ToArray());
            Assert.True(auth.TryCreate(new AuthOctetsInput(prf!, new byte[100], new byte[32], skP), id, withCertificateRequest: true, out var payloads, out string reason), reason);
            var sent = payloads.OfType<CertificatePayload>().ToList();
            Assert.Equal(expected, sent.Count);
            if (expected > 0)
            {
                Assert.Equal(moonCert.Certificate.RawData, sent[0].Data.ToArray());
                Assert.Equal(intermediate.Certificate.RawData, sent[1].Data.ToArray());
            }
            // Our own CERTREQ (we require the peer's certificate) comes before AUTH, AUTH last.
            Assert.IsType<CertificateRequestPayload>(payloads[^2]);
            Assert.IsType<AuthenticationPayload>(payloads[^1]);
        }
    }

    [Fact]
    public void Reads_the_peers_signature_hash_algorithms_and_ignores_malformed_ones()
    {
        using var pair = new EnginePair();
        var auth = new IkeSaAuthentication(pair.MoonConnection);
        Assert.Null(auth.PeerHashes);
        auth.OnPeerPayloads([new NotifyPayload(ProtocolId.None, ReadOnlyMemory<byte>.Empty, NotifyType.SignatureHashAlgorithms, new byte[] { 0, 2, 0 })]);
        Assert.Null(auth.PeerHashes);
        auth.OnPeerPayloads([new NotifyPayload(ProtocolId.None, ReadOnlyMemory<byte>.Empty, NotifyType.SignatureHashAlgorithms, new byte[] { 0, 2, 0, 4, 0x12, 0x34 })]);
        Assert.Equal([SignatureHashAlgorithm.Sha256, SignatureHashAlgorithm.Sha512, (SignatureHashAlgorithm)0x1234], auth.PeerHashes!.Order());
    }

    [Fact]
    public void A_CERTREQ_lists_the_SHA1_of_each_trusted_CAs_public_key_and_reads_back()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var other = certs.Own(TestCertificateAuthority.CreateRoot("C=CH, CN=Other", TestKeyType.EcdsaP256, CertificateScenario.Epoch));
        var trust = new CertificateTrust([certs.Ca.Certificate, other.Certificate]);
        var request = CertificateRequestBuilder.Build(trust);
        Assert.Equal(40, request.CertificationAuthority.Length);
#pragma warning disable CA5350 // RFC 7296 §3.7 names CAs by the SHA-1 of their public key.
        Assert.Equal(System.Security.Cryptography.SHA1.HashData(certs.Ca.Certificate.PublicKey.ExportSubjectPublicKeyInfo()),
            request.CertificationAuthority[..20].ToArray());
#pragma warning restore CA5350

        Assert.True(CertificateRequestBuilder.TryRead([request], out var hashes));
        Assert.Equal(trust.AuthorityKeyHashes.Select(h => h.ToArray()), hashes.Select(h => h.ToArray()));
        Assert.False(CertificateRequestBuilder.TryRead([new CertificateRequestPayload(CertificateEncoding.PgpCertificate, new byte[20])], out _));
    }
}
