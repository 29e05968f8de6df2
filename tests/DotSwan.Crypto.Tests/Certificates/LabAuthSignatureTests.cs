using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Signatures;

namespace DotSwan.Crypto.Tests.Certificates;

/// <summary>
/// The AUTH payloads strongSwan 5.9.8 sent in the lab's certificate exchange (cert.pcap, decrypted with the logged keys)
/// verified over the signed octets charon logged (message ‖ nonce ‖ prf(SK_p, IDx')).
/// </summary>
public sealed class LabAuthSignatureTests
{
    private static byte[] Hex(string file) =>
        Convert.FromHexString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "sig", file)).Trim());

    private static VerificationKey KeyOf(string certificate)
    {
        var cert = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(AppContext.BaseDirectory, "TestData", "certs", certificate));
        Assert.True(VerificationKey.TryFromCertificate(cert, out var key, out var error), error.ToString());
        return key;
    }

    [Theory]
    [InlineData("a.crt", "cert-auth-a.hex", "cert-octets-a.hex")]
    [InlineData("b.crt", "cert-auth-b.hex", "cert-octets-b.hex")]
    public void StrongSwan_auth_payload_verifies(string certificate, string auth, string octets)
    {
        using var key = KeyOf(certificate);
        Assert.True(AuthSignature.TryVerify(AuthMethod.DigitalSignature, Hex(auth), Hex(octets), key, out var scheme, out var error), error.ToString());
        Assert.Equal(SignatureScheme.RsaPkcs1Sha256, scheme);
    }

    [Fact]
    public void The_other_peers_key_or_octets_do_not_verify()
    {
        using var a = KeyOf("a.crt");
        Assert.False(AuthSignature.TryVerify(AuthMethod.DigitalSignature, Hex("cert-auth-b.hex"), Hex("cert-octets-b.hex"), a, out _, out var error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);
        Assert.False(AuthSignature.TryVerify(AuthMethod.DigitalSignature, Hex("cert-auth-a.hex"), Hex("cert-octets-b.hex"), a, out _, out _));
    }
}
