using DotSwan.Daemon.Control;
using DotSwan.TestSupport.Certificates;

namespace DotSwan.Daemon.Tests;

/// <summary>Two daemons with a <c>version: 1</c> connection authenticating with <c>auth: pubkey</c> (IKEv1 Main Mode, RSA or ECDSA signatures).</summary>
public sealed class DaemonIkev1CertificateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static (TestCertificateAuthority Ca, Dictionary<string, (string Cert, string Key)> Paths, string CaPath) Credentials(TempDirectory files, TestKeyType keyType)
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Test, CN=IKEv1 CA", keyType, notBefore);
        using var a = ca.Issue("C=CH, O=DotSwan Test, CN=a.lab.example", keyType, notBefore, dnsNames: ["a.lab.example"]);
        using var b = ca.Issue("C=CH, O=DotSwan Test, CN=b.lab.example", keyType, notBefore, dnsNames: ["b.lab.example"]);
        var paths = new Dictionary<string, (string Cert, string Key)>
        {
            ["a"] = (files.Write("a.crt", a.CertificatePem()), files.Write("a.key", a.PrivateKeyPem())),
            ["b"] = (files.Write("b.crt", b.CertificatePem()), files.Write("b.key", b.PrivateKeyPem())),
        };
        return (ca, paths, files.Write("ca.crt", ca.CertificatePem()));
    }

    [Fact]
    public async Task Daemons_establish_ikev1_main_mode_with_rsa_certificates_from_their_configuration()
    {
        using var files = new TempDirectory();
        var (ca, paths, caPath) = Credentials(files, TestKeyType.Rsa);
        using var _ = ca;
        await using var pair = new LoopbackPair(connectionExtra: "    version: 1\n", proposals: "aes256-sha256-modp2048", espProposals: "aes128-sha256",
            authFor: self => ($", auth: pubkey, certs: [{paths[self].Cert}], private_key: {paths[self].Key}", $", auth: pubkey, cacerts: [{caPath}]"));
        pair.StartB();
        pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message + "\n" + pair.Log.Text);
        var statusA = (await ControlClient.SendAsync(pair.SocketA, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        var statusB = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        Assert.Equal((1, "established", "b.lab.example"), (Assert.Single(statusA.IkeSas).Version, statusA.IkeSas[0].State, statusA.IkeSas[0].RemoteId));
        Assert.Equal(("established", "a.lab.example"), (Assert.Single(statusB.IkeSas).State, statusB.IkeSas[0].RemoteId));
        Assert.Single(statusA.IkeSas[0].Children);
    }

    [Theory]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    public async Task Daemons_establish_ikev1_main_mode_with_ecdsa_certificates(TestKeyType keyType)
    {
        using var files = new TempDirectory();
        var (ca, paths, caPath) = Credentials(files, keyType);
        using var __ = ca;
        await using var pair = new LoopbackPair(connectionExtra: "    version: 1\n", proposals: "aes256-sha256-modp2048", espProposals: "aes128-sha256",
            authFor: self => ($", auth: pubkey, certs: [{paths[self].Cert}], private_key: {paths[self].Key}", $", auth: pubkey, cacerts: [{caPath}]"));
        pair.StartB();
        pair.StartA();

        var up = await ControlClient.SendAsync(pair.SocketA, new ControlRequest("up", "lab", TimeoutSeconds: 15), Timeout);
        Assert.True(up.Ok, up.Message + "\n" + pair.Log.Text);
        var statusB = (await ControlClient.SendAsync(pair.SocketB, new ControlRequest("status"), Timeout)).ResultAs<StatusReport>()!;
        Assert.Equal((1, "established", "a.lab.example"), (Assert.Single(statusB.IkeSas).Version, statusB.IkeSas[0].State, statusB.IkeSas[0].RemoteId));
        Assert.Single(statusB.IkeSas[0].Children);
    }
}
