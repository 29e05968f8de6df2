using DotSwan.TestSupport.Certificates;
using DotSwan.TestSupport.Lab;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Certificates for a strongSwan peer "a" and a DotSwan daemon "b" from one CA made at test time: strongSwan's go into
/// its swanctl directory, the daemon's into the work directory (key 0600), and the daemon's YAML auth lines are returned.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class DaemonLabCertificates
{
    /// <summary>Writes the files and returns the daemon's <c>local</c> and <c>remote</c> auth lines (each starting with a newline).</summary>
    public static (string LocalAuth, string RemoteAuth) Write(StrongSwanInstance a, LabTempDirectory work, TestKeyType keyType)
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Lab, CN=DotSwan Lab CA", keyType, notBefore);
        using var aCert = ca.Issue("C=CH, O=DotSwan Lab, CN=a.lab.example", keyType, notBefore, dnsNames: ["a.lab.example"]);
        using var bCert = ca.Issue("C=CH, O=DotSwan Lab, CN=b.lab.example", keyType, notBefore, dnsNames: ["b.lab.example"]);
        File.WriteAllText(Path.Combine(a.SwanctlDirectory, "x509ca", "ca.crt"), ca.CertificatePem());
        File.WriteAllText(Path.Combine(a.SwanctlDirectory, "x509", "a.crt"), aCert.CertificatePem());
        File.WriteAllText(Path.Combine(a.SwanctlDirectory, "private", "a.key"), aCert.PrivateKeyPem());
        var (bCertPath, bKeyPath) = bCert.WritePem(work.FullPath, "b");
        File.SetUnixFileMode(bKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(work.PathOf("ca.crt"), ca.CertificatePem());
        return ($"\n      auth: pubkey\n      certs: [{bCertPath}]\n      private_key: {bKeyPath}",
            $"\n      auth: pubkey\n      cacerts: [{work.PathOf("ca.crt")}]");
    }
}
