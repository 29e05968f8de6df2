using System.Net.Sockets;
using System.Text;

namespace DotSwan.Daemon.Systemd;

/// <summary>
/// sd_notify without libsystemd: one datagram with "READY=1", "STOPPING=1", "STATUS=…" to the Unix datagram socket named
/// by NOTIFY_SOCKET (a leading '@' means Linux's abstract namespace). Does nothing when NOTIFY_SOCKET is not set
/// (not started by systemd with Type=notify).
/// </summary>
public sealed class SystemdNotifier
{
    private readonly string? _socket;

    /// <summary>A notifier for NOTIFY_SOCKET of this process (or <paramref name="socket"/> when given).</summary>
    public SystemdNotifier(string? socket = null) => _socket = socket ?? Environment.GetEnvironmentVariable("NOTIFY_SOCKET");

    /// <summary>Whether systemd waits for notifications.</summary>
    public bool IsEnabled => !string.IsNullOrEmpty(_socket);

    /// <summary>Sends <paramref name="state"/> (newline-separated assignments); false when disabled or the send failed.</summary>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!IsEnabled)
        {
            return false;
        }

        string path = _socket![0] == '@' ? "\0" + _socket[1..] : _socket;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            var bytes = Encoding.UTF8.GetBytes(state);
            return socket.SendTo(bytes, new UnixDomainSocketEndPoint(path)) == bytes.Length;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
