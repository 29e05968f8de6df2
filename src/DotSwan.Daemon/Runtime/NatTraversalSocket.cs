using System.Net;
using System.Net.Sockets;
using DotSwan.Ipsec.Transport;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// The NAT-T port (4500) of one address: a <see cref="UdpEspTransport"/> whose demultiplexer separates ESP from IKE
/// (non-ESP marker). When the TUN data plane owns the transport its inbound thread receives; otherwise this class runs a
/// receive thread that drops ESP (counted) so that IKE still flows. IKE messages are taken off the demultiplexer's queue
/// by the engine loop.
/// </summary>
internal sealed class NatTraversalSocket : IDisposable
{
    private Thread? _thread;
    private volatile bool _stopping;
    private long _espWithoutDataPlane;

    public NatTraversalSocket(IPAddress address, int port)
    {
        try
        {
            Transport = new UdpEspTransport(address, port);
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot bind UDP {address}:{port} (NAT-T): {e.Message}", e);
        }
    }

    public UdpEspTransport Transport { get; }

    public IPEndPoint LocalEndPoint => Transport.LocalEndPoint;

    /// <summary>ESP that arrived on a socket no data plane reads.</summary>
    public long EspWithoutDataPlane => Interlocked.Read(ref _espWithoutDataPlane);

    /// <summary>Starts the receive thread (only when no data plane reads this transport).</summary>
    public void StartReceiving()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = $"natt {LocalEndPoint}" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join(TimeSpan.FromSeconds(2));
        Transport.Dispose();
    }

    private void Run()
    {
        var buffer = new byte[65536];
        var family = LocalEndPoint.AddressFamily;
        var from = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        while (!_stopping)
        {
            if (Transport.TryReceiveEsp(buffer, 100, from, out _))
            {
                Interlocked.Increment(ref _espWithoutDataPlane);
            }
        }
    }
}
