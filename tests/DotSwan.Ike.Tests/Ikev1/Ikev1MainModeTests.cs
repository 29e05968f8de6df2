using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev1;

public sealed class Ikev1MainModeTests
{
    [Theory]
    [InlineData("aes256-sha256-ecp256", "aes128-sha256")]
    [InlineData("aes128-sha1-modp2048", "aes256-sha1")]
    [InlineData("aes192-sha512-ecp384", "aes128gcm16")]
    [InlineData("aes256-sha384-modp3072", "aes256-sha512")]
    public void Main_mode_and_quick_mode_establish_with_keys_that_cross_check(string ike, string esp)
    {
        using var pair = new Ikev1EnginePair(moonIke: ike, sunIke: ike, moonEsp: esp, sunEsp: esp);
        var id = pair.Establish();

        var moon = Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(id.InitiatorSpi, moon.IkeSa.InitiatorSpi);
        Assert.Equal(moon.IkeSa, sun.IkeSa);
        Assert.True(moon.IsInitiator);
        Assert.False(sun.IsInitiator);
        Assert.Equal("sun.example.org", moon.RemoteIdentity.ToString());
        Assert.Equal("moon.example.org", sun.RemoteIdentity.ToString());
        Assert.Equal(IsakmpSaState.Established, pair.Moon.Ikev1Engine.GetState(moon.IkeSa));
        Assert.Equal(IsakmpSaState.Established, pair.Sun.Ikev1Engine.GetState(moon.IkeSa));
        var moonChild = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sunChild = Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Equal(ChildSaMode.Tunnel, moonChild.Mode);
        Assert.Equal("10.1.0.0/16", Assert.Single(moonChild.LocalTrafficSelectors).ToString().Split('[')[0]);
        Assert.Equal(sunChild.LocalTrafficSelectors, moonChild.RemoteTrafficSelectors);
        pair.AssertKeysCrossCheck();
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        // Main Mode: 6 messages, Quick Mode: 3.
        Assert.Equal(9, pair.Network.Sent.Count);
    }
}
