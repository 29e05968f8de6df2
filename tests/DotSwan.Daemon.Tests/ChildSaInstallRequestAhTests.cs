using DotSwan.Ike.Proposals;

namespace DotSwan.Daemon.Tests;

/// <summary>An engine's AH install becomes an AH SA of the driver (NULL encryption, no key, integrity key only).</summary>
public sealed class ChildSaInstallRequestAhTests
{
    [Fact]
    public void An_ah_install_is_installed_as_an_ah_sa_and_an_esp_install_stays_esp()
    {
        var local = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.2"), 500);
        var remote = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.1"), 500);
        using var integrityIn = Crypto.SecretBytes.CopyOf(new byte[32]);
        using var integrityOut = Crypto.SecretBytes.CopyOf(Enumerable.Repeat((byte)7, 32).ToArray());
        using var none = Crypto.SecretBytes.CopyOf([]);
        var selector = Ike.TrafficSelectors.TrafficSelector.FromSubnet(System.Net.IPAddress.Parse("10.2.0.0"), 24);
        var install = new Ike.Engine.InstallChildSa(new Ike.Engine.IkeSaId(1, 2), local, remote, Ike.Engine.ChildSaMode.Tunnel,
            new EncryptionTransform(Crypto.EncryptionAlgorithm.Null, 0), Crypto.IntegrityAlgorithm.HmacSha256128, false,
            new Ike.Engine.ChildSaDirectionKeys(0x1001, none, integrityIn), new Ike.Engine.ChildSaDirectionKeys(0x2002, none, integrityOut),
            [selector], [selector], ProposalParser.Parse("sha256", ProposalProtocol.Ah)) { Protocol = ProposalProtocol.Ah };

        var request = DataPlane.ChildSaInstallRequest.For(install, Ipsec.SaDirection.Inbound, install.Inbound, remote.Address, local.Address, null,
            Ipsec.Lifetimes.SaLifetimes.Default);
        Assert.Equal(Ipsec.IpsecProtocol.Ah, request.Settings.Protocol);
        Assert.Null(request.Settings.Problem);
        using var driver = new Ipsec.Backends.Memory.MemoryIpsecDriver();
        var result = driver.InstallSa(request);
        Assert.True(result.IsOk, result.ToString());

        var esp = DataPlane.ChildSaInstallRequest.For(install with { Protocol = ProposalProtocol.Esp }, Ipsec.SaDirection.Inbound, install.Inbound,
            remote.Address, local.Address, null, Ipsec.Lifetimes.SaLifetimes.Default);
        Assert.Equal(Ipsec.IpsecProtocol.Esp, esp.Settings.Protocol);
    }
}
