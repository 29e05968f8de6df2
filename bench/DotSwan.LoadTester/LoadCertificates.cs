using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;

namespace DotSwan.LoadTester;

/// <summary>
/// Certificate authentication for a load run, the way strongSwan's load-tester does it with an issuer certificate and
/// key: one initiator RSA-2048 key, and for each IKE SA its own certificate (subject CN=load-N.lab.example with that
/// dNSName), issued by the CA before the run starts; the responder's certificate must chain to the same CA.
/// </summary>
internal sealed class LoadCertificates : IDisposable
{
    private readonly RSA _key;
    private readonly SigningKey _signingKey;
    private readonly LocalCertificate[] _certificates;

    private LoadCertificates(RSA key, SigningKey signingKey, LocalCertificate[] certificates, CertificateTrust trust)
    {
        _key = key;
        _signingKey = signingKey;
        _certificates = certificates;
        Trust = trust;
    }

    /// <summary>The CA the responder's certificate must chain to.</summary>
    public CertificateTrust Trust { get; }

    /// <summary>The in-process responder's certificate (subject and dNSName the responder ID), when asked for.</summary>
    public LocalCertificate? Responder { get; private init; }

    /// <summary>The certificate of IKE SA number <paramref name="index"/>.</summary>
    public LocalCertificate For(int index) => _certificates[index];

    /// <summary>Issues <paramref name="count"/> initiator certificates with the CA in <paramref name="caCertificatePem"/> and its key.</summary>
    /// With <paramref name="responderName"/> also one for the in-process responder (<see cref="Responder"/>), same key.
    public static LoadCertificates Create(string caCertificatePem, string caKeyPem, int count, string? responderName = null)
    {
        using var ca = X509Certificate2.CreateFromPemFile(caCertificatePem, caKeyPem);
        var key = RSA.Create(2048);
        var signingKey = SigningKey.FromRsa(key);
        // Within the CA's validity (a CA made seconds ago starts later than "five minutes ago").
        var notBefore = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var certificates = new LocalCertificate[count];
        var serial = new byte[8];
        for (int i = 0; i < count; i++)
        {
            certificates[i] = Issue($"load-{i}.lab.example");
        }

        var authority = X509CertificateLoader.LoadCertificate(ca.RawData);
        var responder = responderName is null ? null : Issue(responderName);
        return new LoadCertificates(key, signingKey, certificates, new CertificateTrust([authority])) { Responder = responder };

        LocalCertificate Issue(string name)
        {
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7f;
            var certificate = request.Create(ca, notBefore, notAfter, serial);
            if (!LocalCertificate.TryCreate(certificate, signingKey, null, out var local, out string reason))
            {
                throw new InvalidOperationException($"certificate {name}: {reason}");
            }

            return local;
        }
    }

    public void Dispose()
    {
        _signingKey.Dispose();
        _key.Dispose();
        foreach (var certificate in _certificates)
        {
            certificate?.Certificate.Dispose();
        }

        Responder?.Certificate.Dispose();
    }
}
