using System.Net;
using System.Net.Sockets;

namespace DotSwan.Daemon.Runtime;

/// <summary>A UDP socket on the IKE port (500) with a receive thread that hands each datagram to a callback.</summary>
internal sealed class IkeUdpSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly Action<byte[], IPEndPoint, IPEndPoint> _received;
    private volatile bool _stopping;

    public IkeUdpSocket(IPAddress address, int port, Action<byte[], IPEndPoint, IPEndPoint> received)
    {
        _received = received;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new IOException($"cannot bind UDP {address}:{port} (IKE): {e.Message}", e);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(Run) { IsBackground = true, Name = $"ike {LocalEndPoint}" };
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start() => _thread.Start();

    public bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, to) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    private void Run()
    {
        var buffer = new byte[65536];
        while (!_stopping)
        {
            try
            {
                if (!_socket.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead))
                {
                    continue;
                }

                EndPoint from = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                int length = _socket.ReceiveFrom(buffer, ref from);
                _received(buffer.AsSpan(0, length).ToArray(), LocalEndPoint, (IPEndPoint)from);
            }
            catch (SocketException)
            {
                // ICMP port unreachable and friends surface here on Linux; the next datagram is unaffected.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}
