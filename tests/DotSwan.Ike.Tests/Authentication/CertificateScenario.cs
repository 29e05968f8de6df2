using System.Net;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;
using DotSwan.Crypto.Signatures;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Ikev2.Authentication;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.TestSupport.Certificates;

namespace DotSwan.Ike.Tests.Authentication;

/// <summary>
/// A test CA made at test time and certificates for moon (moon.example.org) and sun (sun.example.org), valid around the
/// simulated network's epoch; <see cref="Configure"/> turns an <see cref="EnginePair"/> connection into a pubkey one.
/// </summary>
internal sealed class CertificateScenario : IDisposable
{
    public static readonly DateTimeOffset Epoch = SimulatedNetwork.Epoch;
    private readonly List<IDisposable> _owned = [];

    public CertificateScenario(TestKeyType keyType)
    {
        KeyType = keyType;
        Ca = Own(TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Test, CN=DotSwan Test Root CA", keyType, Epoch.AddYears(-1)));
        Moon = Own(Ca.Issue("C=CH, O=DotSwan Test, CN=moon.example.org", keyType, Epoch.AddDays(-30), dnsNames: ["moon.example.org"],
            emails: ["moon@example.org"], addresses: [IPAddress.Parse("192.0.2.1")]));
        Sun = Own(Ca.Issue("C=CH, O=DotSwan Test, CN=sun.example.org", keyType, Epoch.AddDays(-30), dnsNames: ["sun.example.org"]));
    }

    public TestKeyType KeyType { get; }

    public TestCertificateAuthority Ca { get; }

    public TestCertificate Moon { get; }

    public TestCertificate Sun { get; }

    public T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Our <paramref name="certificate"/> (with <paramref name="intermediates"/>) for local pubkey auth; the peer must chain to <paramref name="trusted"/>.</summary>
    public Func<Ikev2Connection, Ikev2Connection> Configure(TestCertificate certificate, IEnumerable<X509Certificate2>? trusted = null,
        IEnumerable<byte[]>? crls = null, IEnumerable<X509Certificate2>? intermediates = null, string? localId = null, bool? pss = null)
    {
        var local = Local(certificate, intermediates, pss ?? KeyType == TestKeyType.RsaPss);
        var trust = new CertificateTrust(trusted ?? [Ca.Certificate], crls?.Select(Crl));
        return c => c with
        {
            LocalIdentity = localId is null ? c.LocalIdentity : IkeIdentity.Parse(localId),
            LocalAuthentication = AuthenticationClass.PublicKey,
            RemoteAuthentication = AuthenticationClass.PublicKey,
            LocalCertificate = local,
            CertificateTrust = trust,
        };
    }

    public LocalCertificate Local(TestCertificate certificate, IEnumerable<X509Certificate2>? intermediates = null, bool pss = false)
    {
        Assert.True(SigningKey.TryImportPem(certificate.PrivateKeyPem(), out var key, out var error), error.ToString());
        Own(key);
        Assert.True(LocalCertificate.TryCreate(certificate.PublicOnly(), key, intermediates, out var local, out string reason, pss), reason);
        return local;
    }

    private static CertificateRevocationList Crl(byte[] der)
    {
        Assert.True(CertificateRevocationList.TryDecode(der, out var crl, out var error), error.ToString());
        return crl;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) { _owned[i].Dispose(); }
    }
}
