using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DotSwan.TestSupport.Certificates;

/// <summary>A certificate made in a test, with its private key (PKCS#8) and PEM forms for files.</summary>
public sealed class TestCertificate : IDisposable
{
    internal TestCertificate(X509Certificate2 certificate, AsymmetricAlgorithm key, TestKeyType keyType)
    {
        Certificate = certificate;
        Key = key;
        KeyType = keyType;
    }

    /// <summary>The certificate (with its private key attached).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The private key object (RSA or ECDsa).</summary>
    public AsymmetricAlgorithm Key { get; }

    /// <summary>The key type.</summary>
    public TestKeyType KeyType { get; }

    /// <summary>The certificate without its private key, as a peer receives it.</summary>
    public X509Certificate2 PublicOnly() => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    /// <summary>The certificate as PEM.</summary>
    public string CertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>The private key as PKCS#8 PEM ("PRIVATE KEY").</summary>
    public string PrivateKeyPem() => Key.ExportPkcs8PrivateKeyPem();

    /// <summary>Writes certificate and key as PEM files; returns their paths.</summary>
    public (string Certificate, string Key) WritePem(string directory, string name)
    {
        string cert = Path.Combine(directory, name + ".crt");
        string key = Path.Combine(directory, name + ".key");
        File.WriteAllText(cert, CertificatePem());
        File.WriteAllText(key, PrivateKeyPem());
        return (cert, key);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
