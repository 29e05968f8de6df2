using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace DotSwan.Crypto.Tests.Certificates;

/// <summary>Makes throw-away CAs, leaf certificates and CRLs for the validator tests.</summary>
internal sealed class TestPki : IDisposable
{
    public static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2028, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly RSA _key;

    public TestPki(string name, TestPki? parent = null)
    {
        _key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=DotSwan Test", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = parent is null
            ? request.CreateSelfSigned(NotBefore, NotAfter)
            : parent.Issue(request, RandomNumberGenerator.GetBytes(8));
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 IssueLeaf(string dnsName, byte[] serial, X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature,
        DateTimeOffset? notAfter = null)
    {
        using var leafKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}, O=DotSwan Test", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        san.AddEmailAddress("ike@" + dnsName);
        san.AddIpAddress(System.Net.IPAddress.Parse("192.0.2.7"));
        san.AddIpAddress(System.Net.IPAddress.Parse("2001:db8::7"));
        request.CertificateExtensions.Add(san.Build());
        return Issue(request, serial, notAfter);
    }

    public CertificateRevocationList CreateCrl(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, params (byte[] Serial, DateTimeOffset When)[] revoked) =>
        CreateCrlSignedBy(_key, thisUpdate, nextUpdate, revoked);

    public CertificateRevocationList CreateCrlSignedBy(RSA signer, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, params (byte[] Serial, DateTimeOffset When)[] revoked)
    {
        var issuer = new X509CertificateParser().ReadCertificate(Certificate.RawData);
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuer.SubjectDN);
        generator.SetThisUpdate(thisUpdate.UtcDateTime);
        generator.SetNextUpdate(nextUpdate.UtcDateTime);
        foreach (var (serial, when) in revoked)
        {
            generator.AddCrlEntry(new BcBigInteger(1, serial), when.UtcDateTime, CrlReason.KeyCompromise);
        }

        var privateKey = DotNetUtilities.GetRsaKeyPair(signer.ExportParameters(true)).Private;
        var crl = generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", privateKey));
        Assert.True(CertificateRevocationList.TryDecode(crl.GetEncoded(), out var parsed, out var error), error.ToString());
        return parsed;
    }

    public void Dispose() => _key.Dispose();

    private X509Certificate2 Issue(CertificateRequest request, byte[] serial, DateTimeOffset? notAfter = null)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1),
            NotBefore.AddDays(1), notAfter ?? NotAfter.AddDays(-1), serial);
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }
}
