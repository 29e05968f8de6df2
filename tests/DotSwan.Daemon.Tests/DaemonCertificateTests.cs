using DotSwan.Daemon.Control;
using DotSwan.TestSupport.Certificates;

namespace DotSwan.Daemon.Tests;

/// <summary>Two daemons authenticating with <c>auth: pubkey</c>: certificates and keys from files named in the YAML, made by a CA in the test.</summary>
public sealed class DaemonCertificateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.EcdsaP256)]
    public async Task Daemons_establish_with_certificates_from_their_configuration(TestKeyType keyType)
    {
        using var files = new TempDirectory();
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Test, CN=Daemon CA", keyType, notBefore);
        using var a = ca.Issue("C=CH, O=DotSwan Test, CN=a.lab.example", keyType, notBefore, dnsNames: ["a.lab.example"]);
        using var b = ca.Issue("C=CH, O=DotSwan Test, CN=b.lab.example", keyType, notBefore, dnsNames: ["b.lab.example"]);
        string caPath = files.Write("ca.crt", ca.CertificatePem());
        var paths = new Dictionary<string, (string Cert, string Key)>
        {
            ["a"] = (files.Write("a.crt", a.CertificatePem()), files.Write("a.key", a.PrivateKeyPem())),
            ["b"] = (files.Write("b.crt", b.CertificatePem()), files.Write("b.key", b.PrivateKeyPem())),
        };
        await using var pair = new LoopbackPair(authFor: self =>
            ($", auth: pubkey, certs: [{paths[self].Cert}], private_key: {paths[self].Key}", $", auth: pubkey, cacerts: [{caPath}]"));
        pair.StartB();
        pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message + "\n" + pair.Log.Text);
        var statusA = (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        var statusB = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        Assert.Equal(("established", "b.lab.example"), (Assert.Single(statusA.IkeSas).State, statusA.IkeSas[0].RemoteId));
        Assert.Equal(("established", "a.lab.example"), (Assert.Single(statusB.IkeSas).State, statusB.IkeSas[0].RemoteId));
        Assert.Single(statusA.IkeSas[0].Children);
    }

    [Fact]
    public async Task A_daemon_that_trusts_another_CA_refuses_the_peer()
    {
        using var files = new TempDirectory();
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Test, CN=Daemon CA", TestKeyType.EcdsaP256, notBefore);
        using var other = TestCertificateAuthority.CreateRoot("C=CH, O=Elsewhere, CN=Other CA", TestKeyType.EcdsaP256, notBefore);
        using var a = ca.Issue("C=CH, O=DotSwan Test, CN=a.lab.example", TestKeyType.EcdsaP256, notBefore, dnsNames: ["a.lab.example"]);
        using var b = ca.Issue("C=CH, O=DotSwan Test, CN=b.lab.example", TestKeyType.EcdsaP256, notBefore, dnsNames: ["b.lab.example"]);
        string caPath = files.Write("ca.crt", ca.CertificatePem());
        string otherPath = files.Write("other.crt", other.CertificatePem());
        var paths = new Dictionary<string, (string Cert, string Key, string Trusted)>
        {
            ["a"] = (files.Write("a.crt", a.CertificatePem()), files.Write("a.key", a.PrivateKeyPem()), caPath),
            ["b"] = (files.Write("b.crt", b.CertificatePem()), files.Write("b.key", b.PrivateKeyPem()), otherPath),
        };
        await using var pair = new LoopbackPair(authFor: self =>
            ($", auth: pubkey, certs: [{paths[self].Cert}], private_key: {paths[self].Key}", $", auth: pubkey, cacerts: [{paths[self].Trusted}]"));
        pair.StartB();
        pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.False(up.Ok, "b trusts another CA but a established");
        AssertLogged(pair, "does not chain to a configured CA");
        var statusB = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        Assert.DoesNotContain(statusB.IkeSas, s => s.State == "established");
    }

    [Fact]
    public async Task A_daemon_with_a_CRL_refuses_a_revoked_peer()
    {
        using var files = new TempDirectory();
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Test, CN=Daemon CA", TestKeyType.EcdsaP256, notBefore);
        using var a = ca.Issue("C=CH, O=DotSwan Test, CN=a.lab.example", TestKeyType.EcdsaP256, notBefore, dnsNames: ["a.lab.example"]);
        using var b = ca.Issue("C=CH, O=DotSwan Test, CN=b.lab.example", TestKeyType.EcdsaP256, notBefore, dnsNames: ["b.lab.example"]);
        string caPath = files.Write("ca.crt", ca.CertificatePem());
        string crlPath = Path.Combine(files.Path, "ca.crl");
        File.WriteAllBytes(crlPath, ca.CreateCrl([a.Certificate], DateTimeOffset.UtcNow.AddMinutes(-5)));
        var paths = new Dictionary<string, (string Cert, string Key, string Crls)>
        {
            ["a"] = (files.Write("a.crt", a.CertificatePem()), files.Write("a.key", a.PrivateKeyPem()), ""),
            ["b"] = (files.Write("b.crt", b.CertificatePem()), files.Write("b.key", b.PrivateKeyPem()), $", crls: [{crlPath}]"),
        };
        await using var pair = new LoopbackPair(authFor: self =>
            ($", auth: pubkey, certs: [{paths[self].Cert}], private_key: {paths[self].Key}", $", auth: pubkey, cacerts: [{caPath}]{paths[self].Crls}"));
        pair.StartB();
        pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.False(up.Ok, "b holds a CRL revoking a's certificate but a established");
        AssertLogged(pair, "was revoked");
    }

    /// <summary>b sends its AUTHENTICATION_FAILED answer before it logs the reason, so a's "up" can return first: wait (bounded) for the line.</summary>
    private static void AssertLogged(LoopbackPair pair, string text)
    {
        for (int attempt = 0; attempt < 50 && !pair.Log.Text.Contains(text, StringComparison.Ordinal); attempt++)
        {
            Thread.Sleep(100);
        }

        Assert.True(pair.Log.Text.Contains(text, StringComparison.Ordinal), $"'{text}' not logged:\n{pair.Log.Text}");
    }
}
