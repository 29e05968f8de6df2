using DotSwan.Ipsec.Backends.Tun;

namespace DotSwan.Ipsec.Tests.Tun;

public sealed class TunInterfaceSettingsTests
{
    [Fact]
    public void Queue_length_defaults_to_2000_and_refuses_nonsense()
    {
        Assert.Equal(2000, new TunInterfaceSettings().TransmitQueueLength);
        Assert.Equal(500, new TunInterfaceSettings { TransmitQueueLength = 500 }.TransmitQueueLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TunInterfaceSettings { TransmitQueueLength = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TunInterfaceSettings { TransmitQueueLength = 100_001 });
    }
}
