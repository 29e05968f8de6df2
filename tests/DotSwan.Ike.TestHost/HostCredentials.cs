using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;

namespace DotSwan.Ike.TestHost;

/// <summary>Loads the host's certificate, private key, intermediates, CAs and CRLs from the files the options name.</summary>
internal sealed class HostCredentials : IDisposable
{
    private readonly SigningKey? _key;

    private HostCredentials(LocalCertificate? local, CertificateTrust? trust, SigningKey? key)
    {
        Local = local;
        Trust = trust;
        _key = key;
    }

    public LocalCertificate? Local { get; }

    public CertificateTrust? Trust { get; }

    /// <summary>Reads the files; throws <see cref="ArgumentException"/> naming the file that is unusable.</summary>
    public static HostCredentials Load(HostOptions options)
    {
        LocalCertificate? local = null;
        SigningKey? key = null;
        if (options.CertificatePath is { } certificatePath && options.KeyPath is { } keyPath)
        {
            var certificate = Certificate(certificatePath);
            if (!SigningKey.TryImportPem(File.ReadAllText(keyPath), out key, out var error))
            {
                throw new ArgumentException($"{keyPath}: {error.Detail}");
            }

            if (!LocalCertificate.TryCreate(certificate, key, options.IntermediatePaths.Select(Certificate), out local, out string reason, options.RsaPss))
            {
                key.Dispose();
                throw new ArgumentException($"{certificatePath} / {keyPath}: {reason}");
            }
        }

        CertificateTrust? trust = null;
        if (options.CaPaths.Count > 0)
        {
            var crls = options.CrlPaths.Select(path => CertificateRevocationList.TryDecode(File.ReadAllBytes(path), out var crl, out var error)
                ? crl : throw new ArgumentException($"{path}: {error.Detail}"));
            trust = new CertificateTrust(options.CaPaths.Select(Certificate), [.. crls]);
        }

        return new HostCredentials(local, trust, key);
    }

    private static X509Certificate2 Certificate(string path) =>
        CertificateDecoder.TryDecode(File.ReadAllBytes(path), out var certificate, out var error)
            ? certificate : throw new ArgumentException($"{path}: {error.Detail}");

    public void Dispose() => _key?.Dispose();
}
