using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DotSwan.Crypto.Certificates;

/// <summary>
/// Validates peer certificates against the configured CA certificates only (no system store, no network fetching),
/// at a time the caller supplies, and checks revocation against the configured CRLs.
/// Thread-safe: each call builds its own chain.
/// </summary>
public sealed class CertificateValidator
{
    private readonly X509Certificate2Collection _trustedCas;
    private readonly CertificateRevocationList[] _crls;
    private readonly bool _requireCrl;

    /// <summary>Creates a validator.</summary>
    /// <param name="trustedCas">The CA certificates trusted as roots.</param>
    /// <param name="crls">CRLs from files; each is used only if signed by the issuing CA and current at the validation time.</param>
    /// <param name="requireCrl">
    /// When true, every certificate in the path must be covered by a current CRL of its issuer (strict);
    /// when false, a missing CRL means "status unknown" and passes, as strongSwan does by default.
    /// </param>
    public CertificateValidator(IEnumerable<X509Certificate2> trustedCas, IEnumerable<CertificateRevocationList>? crls = null, bool requireCrl = false)
    {
        ArgumentNullException.ThrowIfNull(trustedCas);
        _trustedCas = [.. trustedCas];
        _crls = crls?.ToArray() ?? [];
        _requireCrl = requireCrl;
    }

    /// <summary>
    /// Validates <paramref name="endEntity"/> (with the peer's <paramref name="intermediates"/>, possibly empty) at <paramref name="validationTime"/>.
    /// Fails with <see cref="CryptoErrorKind.CertificateInvalid"/> and a reason naming the certificate: expired, not yet valid,
    /// untrusted root, bad signature, revoked (serial and CRL issuer), stale or forged CRL, wrong key usage.
    /// </summary>
    public bool TryValidate(X509Certificate2 endEntity, IEnumerable<X509Certificate2> intermediates, DateTimeOffset validationTime,
        [NotNullWhen(true)] out ValidatedCertificate? result, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(endEntity);
        ArgumentNullException.ThrowIfNull(intermediates);
        result = null;
        if (_trustedCas.Count == 0)
        {
            return Fail("no CA certificates are configured", out error);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedCas);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = validationTime.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        bool built;
        try
        {
            built = chain.Build(endEntity);
        }
        catch (CryptographicException e)
        {
            return Fail($"chain of '{endEntity.Subject}' cannot be built: {e.Message}", out error);
        }

        var path = chain.ChainElements.Select(element => element.Certificate).ToArray();
        if (!built)
        {
            string reason;
            try
            {
                reason = DescribeChainFailure(endEntity, chain, validationTime);
            }
            catch (CryptographicException e)
            {
                // A peer's certificate whose fields do not parse (X509Certificate2 reads some lazily).
                reason = $"certificate '{endEntity.Subject}' is malformed: {e.Message}";
            }

            return Fail(reason, out error);
        }

        if (!HasSignatureKeyUsage(endEntity))
        {
            return Fail($"certificate '{endEntity.Subject}' has a keyUsage without digitalSignature or nonRepudiation", out error);
        }

        for (int i = 0; i < path.Length - 1; i++)
        {
            if (!CheckRevocation(path[i], path[i + 1], validationTime, out error))
            {
                return false;
            }
        }

        if (!CertificateIdentity.TryFrom(endEntity, out var identity, out error))
        {
            return false;
        }

        result = new ValidatedCertificate(endEntity, path, identity);
        return true;
    }

    /// <summary>Validates at the current time of <paramref name="clock"/> (the daemon passes its TimeProvider; tests a fake one).</summary>
    public bool TryValidate(X509Certificate2 endEntity, IEnumerable<X509Certificate2> intermediates, TimeProvider clock,
        [NotNullWhen(true)] out ValidatedCertificate? result, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return TryValidate(endEntity, intermediates, clock.GetUtcNow(), out result, out error);
    }

    private static string DescribeChainFailure(X509Certificate2 endEntity, X509Chain chain, DateTimeOffset time)
    {
        foreach (var element in chain.ChainElements)
        {
            var certificate = element.Certificate;
            foreach (var status in element.ChainElementStatus)
            {
                switch (status.Status)
                {
                    case X509ChainStatusFlags.NotTimeValid when time.UtcDateTime > certificate.NotAfter.ToUniversalTime():
                        return $"certificate '{certificate.Subject}' expired at {Format(certificate.NotAfter)} (validation time {time.UtcDateTime:u})";
                    case X509ChainStatusFlags.NotTimeValid:
                        return $"certificate '{certificate.Subject}' is not valid before {Format(certificate.NotBefore)} (validation time {time.UtcDateTime:u})";
                    case X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain:
                        return $"certificate '{endEntity.Subject}' (issuer '{endEntity.Issuer}') does not chain to a configured CA";
                    case X509ChainStatusFlags.NotSignatureValid:
                        return $"signature on certificate '{certificate.Subject}' does not verify";
                    case X509ChainStatusFlags.NotValidForUsage or X509ChainStatusFlags.InvalidBasicConstraints:
                        return $"certificate '{certificate.Subject}' may not be used this way: {status.StatusInformation.Trim()}";
                }
            }
        }

        var first = chain.ChainStatus.FirstOrDefault();
        return $"chain of '{endEntity.Subject}' is invalid: {first.Status} {first.StatusInformation?.Trim()}";
    }

    private static string Format(DateTime time) => time.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);

    private static bool HasSignatureKeyUsage(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return usage is null || (usage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) != 0;
    }

    private bool CheckRevocation(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset time, out CryptoError error)
    {
        if (_crls.Length == 0 && !_requireCrl)
        {
            // No CRLs and none required: nothing can revoke. Skips parsing both certificates again (BouncyCastle) on
            // every peer authentication.
            error = default;
            return true;
        }

        var parser = new X509CertificateParser();
        BcCertificate bcCertificate = parser.ReadCertificate(certificate.RawData);
        BcCertificate bcIssuer = parser.ReadCertificate(issuer.RawData);
        var issuerUsage = issuer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        bool issuerMaySignCrls = issuerUsage is null || (issuerUsage.KeyUsages & X509KeyUsageFlags.CrlSign) != 0;

        bool covered = false;
        string? rejected = null;
        foreach (var crl in _crls)
        {
            if (!crl.Crl.IssuerDN.Equivalent(bcCertificate.IssuerDN))
            {
                continue;
            }

            if (!issuerMaySignCrls)
            {
                rejected = $"CA '{issuer.Subject}' has no cRLSign key usage, its CRL is ignored";
                continue;
            }

            if (!VerifyCrlSignature(crl.Crl, bcIssuer))
            {
                rejected = $"CRL of '{crl.Issuer}' is not signed by CA '{issuer.Subject}'";
                continue;
            }

            if (crl.ThisUpdate > time)
            {
                rejected = $"CRL of '{crl.Issuer}' is not yet valid (thisUpdate {crl.ThisUpdate.UtcDateTime:u})";
                continue;
            }

            if (crl.NextUpdate is { } next && next < time)
            {
                rejected = $"CRL of '{crl.Issuer}' is stale (nextUpdate {next.UtcDateTime:u}, validation time {time.UtcDateTime:u})";
                continue;
            }

            var revoked = crl.Crl.GetRevokedCertificate(new BigInteger(1, certificate.SerialNumberBytes.Span));
            if (revoked is not null && revoked.RevocationDate.ToUniversalTime() <= time.UtcDateTime)
            {
                error = new CryptoError(CryptoErrorKind.CertificateInvalid,
                    $"certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) was revoked at {revoked.RevocationDate.ToUniversalTime():u} by the CRL of '{crl.Issuer}'");
                return false;
            }

            covered = true;
        }

        if (!covered && (_requireCrl || rejected is not null))
        {
            // A CRL for this issuer exists but is unusable: fail closed rather than treat a forged or stale CRL as "no CRL".
            return Fail(rejected ?? $"no current CRL of '{issuer.Subject}' covers certificate '{certificate.Subject}'", out error);
        }

        error = default;
        return true;
    }

    private static bool VerifyCrlSignature(X509Crl crl, BcCertificate issuer)
    {
        try
        {
            crl.Verify(issuer.GetPublicKey());
            return true;
        }
#pragma warning disable CA1031 // BouncyCastle reports a bad signature through assorted exception types.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static bool Fail(string reason, out CryptoError error)
    {
        error = new CryptoError(CryptoErrorKind.CertificateInvalid, reason);
        return false;
    }
}
