using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DotSwan.TestSupport.Certificates;

/// <summary>
/// A CA made in the test with <see cref="CertificateRequest"/>: issues end-entity and intermediate certificates with
/// subjectAltNames and chosen validity, and CRLs. Nothing is read from or written to a store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly TestCertificate _self;
    private long _serial = 0x1000;

    private TestCertificateAuthority(TestCertificate self) => _self = self;

    /// <summary>The CA certificate (with its private key).</summary>
    public X509Certificate2 Certificate => _self.Certificate;

    /// <summary>The CA certificate as PEM.</summary>
    public string CertificatePem() => _self.CertificatePem();

    /// <summary>A self-signed root CA valid from <paramref name="notBefore"/> for ten years unless <paramref name="notAfter"/> says otherwise.</summary>
    public static TestCertificateAuthority CreateRoot(string subject, TestKeyType keyType, DateTimeOffset notBefore, DateTimeOffset? notAfter = null)
    {
        var key = CreateKey(keyType);
        var request = Request(subject, key, keyType);
        AddCaExtensions(request);
        var certificate = request.CreateSelfSigned(notBefore, notAfter ?? notBefore.AddYears(10));
        return new TestCertificateAuthority(new TestCertificate(certificate, key, keyType));
    }

    /// <summary>An intermediate CA signed by this one.</summary>
    public TestCertificateAuthority CreateIntermediate(string subject, TestKeyType keyType, DateTimeOffset notBefore, DateTimeOffset? notAfter = null)
    {
        var key = CreateKey(keyType);
        var request = Request(subject, key, keyType);
        AddCaExtensions(request);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var issued = Sign(request, notBefore, notAfter ?? notBefore.AddYears(5));
        return new TestCertificateAuthority(new TestCertificate(Attach(issued, key), key, keyType));
    }

    /// <summary>
    /// An end-entity certificate for <paramref name="subject"/> with the given subjectAltNames (dNSName, rfc822Name,
    /// iPAddress), digitalSignature key usage, valid from <paramref name="notBefore"/> for a year unless <paramref name="notAfter"/> says otherwise.
    /// </summary>
    public TestCertificate Issue(string subject, TestKeyType keyType, DateTimeOffset notBefore, DateTimeOffset? notAfter = null,
        IEnumerable<string>? dnsNames = null, IEnumerable<string>? emails = null, IEnumerable<IPAddress>? addresses = null)
    {
        var key = CreateKey(keyType);
        var request = Request(subject, key, keyType);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var san = new SubjectAlternativeNameBuilder();
        bool any = false;
        foreach (var name in dnsNames ?? []) { san.AddDnsName(name); any = true; }
        foreach (var email in emails ?? []) { san.AddEmailAddress(email); any = true; }
        foreach (var address in addresses ?? []) { san.AddIpAddress(address); any = true; }
        if (any) { request.CertificateExtensions.Add(san.Build()); }
        var issued = Sign(request, notBefore, notAfter ?? notBefore.AddYears(1));
        return new TestCertificate(Attach(issued, key), key, keyType);
    }

    /// <summary>A DER CRL of this CA listing <paramref name="revoked"/>, issued at <paramref name="thisUpdate"/> and due again a month later.</summary>
    public byte[] CreateCrl(IEnumerable<X509Certificate2> revoked, DateTimeOffset thisUpdate)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, thisUpdate.AddMinutes(-1), X509RevocationReason.KeyCompromise);
        }

        return builder.Build(Certificate, BigInteger.One, thisUpdate.AddMonths(1), HashAlgorithmName.SHA256,
            _self.KeyType == TestKeyType.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1, thisUpdate);
    }

    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = _self.Key switch
        {
            RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, _self.KeyType == TestKeyType.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
            _ => throw new InvalidOperationException("unsupported CA key"),
        };
        var serial = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(serial, Interlocked.Increment(ref _serial));
        // The validity may not exceed the CA's own; the tests pick dates inside it.
        return request.Create(Certificate.SubjectName, generator, notBefore, notAfter, serial);
    }

    private static AsymmetricAlgorithm CreateKey(TestKeyType keyType) => keyType switch
    {
        TestKeyType.Rsa or TestKeyType.RsaPss => RSA.Create(2048),
        TestKeyType.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        _ => ECDsa.Create(ECCurve.NamedCurves.nistP384),
    };

    // The subject is written as strongSwan writes DNs, most significant RDN first (C=…, O=…, CN=…), and must be encoded in
    // that order; .NET encodes a DN string last RDN first, so the RDNs are handed over reversed (values hold no commas here).
    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key, TestKeyType keyType) =>
        Request(new X500DistinguishedName(string.Join(", ", subject.Split(',', StringSplitOptions.TrimEntries).Reverse())), key, keyType);

    private static CertificateRequest Request(X500DistinguishedName subject, AsymmetricAlgorithm key, TestKeyType keyType) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256,
            keyType == TestKeyType.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, keyType == TestKeyType.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
        _ => throw new InvalidOperationException("unsupported key"),
    };

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static X509Certificate2 Attach(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        using (certificate)
        {
            return key switch
            {
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
                _ => throw new InvalidOperationException("unsupported key"),
            };
        }
    }

    /// <inheritdoc />
    public void Dispose() => _self.Dispose();
}
