using System.Net.Sockets;
using System.Text;
using DotSwan.Daemon.Systemd;

namespace DotSwan.Daemon.Tests;

public sealed class SystemdNotifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Ready_reaches_the_notify_socket_as_one_datagram()
    {
        string path = Path.Combine(_dir.Path, "notify");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(path));
        Assert.True(new SystemdNotifier(path).Notify("READY=1\nSTATUS=1 connection(s) loaded"));
        var buffer = new byte[256];
        Assert.True(systemd.Poll(TimeSpan.FromSeconds(2), SelectMode.SelectRead));
        int length = systemd.Receive(buffer);
        Assert.Equal("READY=1\nSTATUS=1 connection(s) loaded", Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void An_abstract_notify_socket_is_reached_through_the_at_sign()
    {
        string name = $"dotswan-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint("\0" + name));
        Assert.True(new SystemdNotifier("@" + name).Notify("STOPPING=1"));
        var buffer = new byte[64];
        Assert.True(systemd.Poll(TimeSpan.FromSeconds(2), SelectMode.SelectRead));
        Assert.Equal("STOPPING=1", Encoding.UTF8.GetString(buffer, 0, systemd.Receive(buffer)));
    }

    [Fact]
    public void Without_notify_socket_nothing_is_sent()
    {
        var notifier = new SystemdNotifier("");
        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify("READY=1"));
        Assert.False(new SystemdNotifier(Path.Combine(_dir.Path, "nobody-listens")).Notify("READY=1"));
    }
}
