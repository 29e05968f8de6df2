using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;
using DotSwan.Crypto.Signatures;
using DotSwan.Daemon.Configuration;
using DotSwan.Ike.Authentication;
using AuthMethod = DotSwan.Daemon.Configuration.AuthMethod;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// The certificate material of one connection with <c>auth: pubkey</c>, read from the files the configuration names:
/// our certificate (the first of <c>local.certs</c>; the others are sent as intermediates) with <c>local.private_key</c>,
/// and the CAs of <c>remote.cacerts</c> with the CRLs of <c>remote.crls</c>. Owns the private key.
/// </summary>
internal sealed class CertificateCredentials : IDisposable
{
    private readonly SigningKey? _key;

    private CertificateCredentials(LocalCertificate? local, CertificateTrust? trust, SigningKey? key)
    {
        Local = local;
        Trust = trust;
        _key = key;
    }

    public LocalCertificate? Local { get; }

    public CertificateTrust? Trust { get; }

    /// <summary>Reads the files of <paramref name="connection"/>; <paramref name="error"/> names the file and what is wrong with it.</summary>
    public static bool TryLoad(ConnectionConfig connection, [NotNullWhen(true)] out CertificateCredentials? credentials, out string error)
    {
        ArgumentNullException.ThrowIfNull(connection);
        credentials = null;
        LocalCertificate? local = null;
        SigningKey? key = null;
        if (connection.Local.Method == AuthMethod.PublicKey)
        {
            if (connection.Local.Certificates.Count == 0 || connection.Local.PrivateKey is not { } keyPath)
            {
                error = "local auth pubkey needs certs and private_key";
                return false;
            }

            var chain = new List<X509Certificate2>();
            foreach (var path in connection.Local.Certificates)
            {
                if (!TryReadCertificate(path, out var certificate, out error)) { return false; }
                chain.Add(certificate);
            }

            if (!TryReadKey(keyPath, out key, out error)) { return false; }
            if (!LocalCertificate.TryCreate(chain[0], key, chain.Skip(1), out local, out string reason))
            {
                key.Dispose();
                error = $"{connection.Local.Certificates[0]} and {keyPath}: {reason}";
                return false;
            }
        }

        CertificateTrust? trust = null;
        if (connection.Remote.Method == AuthMethod.PublicKey)
        {
            var authorities = new List<X509Certificate2>();
            foreach (var path in connection.Remote.CaCertificates)
            {
                if (!TryReadCertificate(path, out var certificate, out error))
                {
                    key?.Dispose();
                    return false;
                }

                authorities.Add(certificate);
            }

            var crls = new List<CertificateRevocationList>();
            foreach (var path in connection.Remote.RevocationLists ?? [])
            {
                if (!TryRead(path, out var bytes, out error))
                {
                    key?.Dispose();
                    return false;
                }

                if (!CertificateRevocationList.TryDecode(bytes, out var crl, out var crlError))
                {
                    error = $"{path}: {crlError.Detail}";
                    key?.Dispose();
                    return false;
                }

                crls.Add(crl);
            }

            trust = new CertificateTrust(authorities, crls);
        }

        credentials = new CertificateCredentials(local, trust, key);
        error = "";
        return true;
    }

    private static bool TryReadCertificate(string path, [NotNullWhen(true)] out X509Certificate2? certificate, out string error)
    {
        certificate = null;
        if (!TryRead(path, out var bytes, out error)) { return false; }
        if (!CertificateDecoder.TryDecode(bytes, out certificate, out var decodeError))
        {
            error = $"{path}: {decodeError.Detail}";
            return false;
        }

        return true;
    }

    private static bool TryReadKey(string path, [NotNullWhen(true)] out SigningKey? key, out string error)
    {
        key = null;
        if (!TryRead(path, out var bytes, out error)) { return false; }
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            var result = text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? SigningKey.TryImportPem(text, out key, out var keyError)
                : SigningKey.TryImportDer(bytes, out key, out keyError);
            error = result ? "" : $"{path}: {keyError.Detail}";
            return result;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static bool TryRead(string path, out byte[] bytes, out string error)
    {
        try
        {
            bytes = File.ReadAllBytes(path);
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bytes = [];
            error = $"{path}: {e.Message}";
            return false;
        }
    }

    public void Dispose() => _key?.Dispose();
}
