using CsCheck;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2.Authentication;
using DotSwan.TestSupport.Certificates;
using DotSwan.Wire.Ikev2;
using WireAuthMethod = DotSwan.Wire.Ikev2.AuthMethod;

namespace DotSwan.Ike.Tests.Authentication;

/// <summary>Peer input to certificate verification (CERT payloads, AUTH method and data) never throws and never passes when damaged.</summary>
public sealed class SignatureAuthenticatorPropertyTests
{
    [Fact]
    public void Damaged_certificates_and_AUTH_data_are_refused_without_throwing()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var sun = new SignatureAuthenticator(null, new CertificateTrust([certs.Ca.Certificate]));
        byte[] good = certs.Moon.Certificate.RawData;
        var id = new IdentificationPayload(true, IdType.Fqdn, "moon.example.org"u8.ToArray());
        var identity = IkeIdentity.Parse("moon.example.org");
        Assert.True(TransformRegistry.Default.TryCreatePrf(PrfAlgorithm.HmacSha256, out var prf, out _));
        using var prfScope = prf;
        using var skP = SecretBytes.CopyOf(new byte[32]);
        var input = new AuthOctetsInput(prf!, new byte[200], new byte[32], skP);

        // A certificate: the good one with a few bytes changed, truncated, or random bytes.
        var certificate = Gen.OneOf(
            Gen.Select(Gen.Int[0, good.Length - 1].Array[1, 4], Gen.Byte.Array[4]).Select((at, with) =>
            {
                var copy = good.ToArray();
                for (int i = 0; i < at.Length; i++) { copy[at[i]] ^= (byte)(with[i] | 1); }
                return copy;
            }),
            Gen.Int[0, good.Length - 1].Select(n => good[..n]),
            Gen.Byte.Array[0, 300]);
        WireAuthMethod[] methods = [WireAuthMethod.RsaDigitalSignature, WireAuthMethod.EcdsaSha256P256, WireAuthMethod.EcdsaSha384P384,
            WireAuthMethod.EcdsaSha512P521, WireAuthMethod.DigitalSignature, WireAuthMethod.SharedKeyMessageIntegrityCode, (WireAuthMethod)200];
        var method = Gen.Int[0, methods.Length - 1].Select(i => methods[i]);
        Gen.Select(certificate.Array[0, 3], method, Gen.Byte.Array[0, 200]).Sample((certificates, authMethod, authData) =>
        {
            var inner = certificates.Select(c => (Ikev2Payload)new CertificatePayload(CertificateEncoding.X509CertificateSignature, c)).ToList();
            bool ok = sun.TryVerify(input, inner, id, identity, new AuthenticationPayload(authMethod, authData), CertificateScenario.Epoch, "moon", out string reason);
            return !ok && reason.Length > 0;
        }, iter: 2000);
    }
}
