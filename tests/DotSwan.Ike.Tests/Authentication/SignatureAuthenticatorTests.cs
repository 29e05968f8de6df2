using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2.Authentication;
using DotSwan.TestSupport.Certificates;
using DotSwan.Wire.Ikev2;
using WireAuthMethod = DotSwan.Wire.Ikev2.AuthMethod;

namespace DotSwan.Ike.Tests.Authentication;

public sealed class SignatureAuthenticatorTests : IDisposable
{
    private static readonly HashSet<SignatureHashAlgorithm> AllHashes =
        [SignatureHashAlgorithm.Sha256, SignatureHashAlgorithm.Sha384, SignatureHashAlgorithm.Sha512, SignatureHashAlgorithm.Identity];

    private readonly IPrf _prf;
    private readonly SecretBytes _skP = SecretBytes.CopyOf(new byte[32]);
    private readonly byte[] _message = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];
    private readonly byte[] _nonce = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];

    public SignatureAuthenticatorTests()
    {
        Assert.True(TransformRegistry.Default.TryCreatePrf(PrfAlgorithm.HmacSha256, out var prf, out var error), error.ToString());
        _prf = prf!;
    }

    private AuthOctetsInput Input => new(_prf, _message, _nonce, _skP);

    [Theory]
    [InlineData(TestKeyType.Rsa, false, true, WireAuthMethod.DigitalSignature, SignatureScheme.RsaPkcs1Sha256)]
    [InlineData(TestKeyType.Rsa, true, true, WireAuthMethod.DigitalSignature, SignatureScheme.RsaPssSha256)]
    [InlineData(TestKeyType.Rsa, false, false, WireAuthMethod.RsaDigitalSignature, SignatureScheme.RsaPkcs1Sha1)]
    [InlineData(TestKeyType.Rsa, true, false, WireAuthMethod.RsaDigitalSignature, SignatureScheme.RsaPkcs1Sha1)]
    [InlineData(TestKeyType.EcdsaP256, false, true, WireAuthMethod.DigitalSignature, SignatureScheme.EcdsaSha256Der)]
    [InlineData(TestKeyType.EcdsaP384, false, true, WireAuthMethod.DigitalSignature, SignatureScheme.EcdsaSha384Der)]
    [InlineData(TestKeyType.EcdsaP256, false, false, WireAuthMethod.EcdsaSha256P256, SignatureScheme.EcdsaP256Sha256)]
    [InlineData(TestKeyType.EcdsaP384, false, false, WireAuthMethod.EcdsaSha384P384, SignatureScheme.EcdsaP384Sha384)]
    public void Chooses_method_14_when_the_peer_announced_hashes_and_the_classic_method_otherwise(TestKeyType keyType, bool pss, bool peerAnnounced,
        WireAuthMethod method, SignatureScheme scheme)
    {
        using var certs = new CertificateScenario(keyType);
        var local = certs.Local(certs.Moon);
        Assert.True(SignatureAuthenticator.TryChoose(local.Key, pss, peerAnnounced ? AllHashes : null, out var chosenMethod, out var chosenScheme, out string reason), reason);
        Assert.Equal((method, scheme), (chosenMethod, chosenScheme));
    }

    [Fact]
    public void Picks_a_hash_the_peer_announced_when_it_lacks_the_preferred_one()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var local = certs.Local(certs.Moon);
        Assert.True(SignatureAuthenticator.TryChoose(local.Key, false, new HashSet<SignatureHashAlgorithm> { SignatureHashAlgorithm.Sha512 },
            out var method, out var scheme, out _));
        Assert.Equal((WireAuthMethod.DigitalSignature, SignatureScheme.EcdsaSha512Der), (method, scheme));
        // Only SHA-1 announced: method 14 has nothing to use, the classic method remains.
        Assert.True(SignatureAuthenticator.TryChoose(local.Key, false, new HashSet<SignatureHashAlgorithm> { SignatureHashAlgorithm.Sha1 },
            out method, out scheme, out _));
        Assert.Equal((WireAuthMethod.EcdsaSha256P256, SignatureScheme.EcdsaP256Sha256), (method, scheme));
    }

    [Theory]
    [InlineData(TestKeyType.Rsa, true)]
    [InlineData(TestKeyType.Rsa, false)]
    [InlineData(TestKeyType.RsaPss, true)]
    [InlineData(TestKeyType.EcdsaP256, true)]
    [InlineData(TestKeyType.EcdsaP256, false)]
    [InlineData(TestKeyType.EcdsaP384, true)]
    [InlineData(TestKeyType.EcdsaP384, false)]
    public void A_signed_AUTH_verifies_and_any_flipped_bit_is_a_bad_signature(TestKeyType keyType, bool rfc7427)
    {
        using var certs = new CertificateScenario(keyType);
        var moon = new SignatureAuthenticator(certs.Local(certs.Moon, pss: keyType == TestKeyType.RsaPss), null);
        var sun = new SignatureAuthenticator(null, new CertificateTrust([certs.Ca.Certificate]));
        var id = new IdentificationPayload(true, IdType.Fqdn, "moon.example.org"u8.ToArray());
        Assert.True(moon.TryCreate(rfc7427 ? AllHashes : null, Input, id, out var auth, out string reason), reason);
        Assert.Equal(rfc7427, auth!.Method == WireAuthMethod.DigitalSignature);
        var inner = moon.CertificatePayloads().Cast<Ikev2Payload>().ToList();
        var identity = IkeIdentity.Parse("moon.example.org");

        Assert.True(sun.TryVerify(Input, inner, id, identity, auth, CertificateScenario.Epoch, "moon", out reason), reason);

        foreach (int at in new[] { 0, auth.Data.Length / 2, auth.Data.Length - 1 })
        {
            var data = auth.Data.ToArray();
            data[at] ^= 0x10;
            Assert.False(sun.TryVerify(Input, inner, id, identity, auth with { Data = data }, CertificateScenario.Epoch, "moon", out reason));
            Assert.Contains("bad signature", reason, StringComparison.Ordinal);
        }

        // The same signature over other octets (another nonce) is refused too.
        var otherInput = Input with { PeerNonce = [.. _nonce.Reverse()] };
        Assert.False(sun.TryVerify(otherInput, inner, id, identity, auth, CertificateScenario.Epoch, "moon", out reason));
        Assert.Contains("bad signature", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Method_14_with_a_hash_we_did_not_announce_is_refused()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var local = certs.Local(certs.Moon);
        var id = new IdentificationPayload(true, IdType.Fqdn, "moon.example.org"u8.ToArray());
        Assert.True(AuthOctets.TryBuild(Input, id, out var octets, out string reason), reason);
        Assert.True(AuthSignature.TryCreate(Crypto.Signatures.AuthMethod.DigitalSignature, SignatureScheme.RsaPkcs1Sha1, local.Key, octets, out var data, out var error), error.ToString());
        var sun = new SignatureAuthenticator(null, new CertificateTrust([certs.Ca.Certificate]));
        var inner = new SignatureAuthenticator(local, null).CertificatePayloads().Cast<Ikev2Payload>().ToList();

        Assert.False(sun.TryVerify(Input, inner, id, IkeIdentity.Parse("moon.example.org"), new AuthenticationPayload(WireAuthMethod.DigitalSignature, data),
            CertificateScenario.Epoch, "moon", out reason));
        Assert.Contains("did not announce", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_certificate_payload_and_garbage_certificates_are_refused_with_a_reason()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var sun = new SignatureAuthenticator(null, new CertificateTrust([certs.Ca.Certificate]));
        var id = new IdentificationPayload(true, IdType.Fqdn, "moon.example.org"u8.ToArray());
        var auth = new AuthenticationPayload(WireAuthMethod.EcdsaSha256P256, new byte[64]);
        var identity = IkeIdentity.Parse("moon.example.org");

        Assert.False(sun.TryVerify(Input, [], id, identity, auth, CertificateScenario.Epoch, "moon", out string reason));
        Assert.Contains("sent no X.509 certificate", reason, StringComparison.Ordinal);
        Assert.False(sun.TryVerify(Input, [new CertificatePayload(CertificateEncoding.X509CertificateSignature, new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })],
            id, identity, auth, CertificateScenario.Epoch, "moon", out reason));
        Assert.Contains("is not an X.509 certificate", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_does_not_belong_to_the_certificate_is_refused_at_configuration()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        Assert.True(SigningKey.TryImportPem(certs.Sun.PrivateKeyPem(), out var sunKey, out _));
        using (sunKey)
        {
            Assert.False(LocalCertificate.TryCreate(certs.Moon.PublicOnly(), sunKey, null, out _, out string reason));
            Assert.Contains("does not belong to certificate", reason, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        _prf.Dispose();
        _skP.Dispose();
    }
}
