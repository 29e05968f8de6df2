using System.Buffers;
using System.Net;
using System.Net.Sockets;
using DotSwan.Ipsec.Encapsulation;

namespace DotSwan.Ipsec.Transport;

/// <summary>
/// The UDP socket on the NAT-T port (4500) that carries ESP in UDP (RFC 3948) for the userspace data plane: ESP goes out
/// as the bare UDP payload (no marker); what comes in is sorted by a <see cref="NatTraversalDemultiplexer"/> so only ESP
/// reaches the caller. Send and receive use caller buffers and preallocated socket addresses: no allocation per packet.
/// One thread may receive while another sends.
/// </summary>
public sealed class UdpEspTransport : IDisposable
{
    // Room for bursts while the inbound thread decrypts (the kernel caps it at net.core.rmem_max / wmem_max).
    private const int SocketBufferBytes = 4 * 1024 * 1024;

    private readonly Socket _socket;
    private long _sendFailures;
    private bool _gsoRefused;
    private bool _gsoWorked;
    private long _segmentedSends;

    /// <summary>Binds a UDP socket to <paramref name="localAddress"/>:<paramref name="port"/>.</summary>
    public UdpEspTransport(IPAddress localAddress, int port = UdpEncapsulationPorts.NatTraversalPort)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = SocketBufferBytes;
            _socket.SendBufferSize = SocketBufferBytes;
            _socket.Bind(new IPEndPoint(localAddress, port));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        LocalAddress = PacketAddress.FromIPAddress(localAddress);
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The bound address as a value: the destination of the ESP packets this socket receives (the SAD key).</summary>
    public PacketAddress LocalAddress { get; }

    /// <summary>What arrived besides ESP, and how much ESP.</summary>
    public NatTraversalDemultiplexer Demultiplexer { get; } = new();

    /// <summary>Datagrams the socket refused to send.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>UDP GSO sends (each several ESP packets in one syscall) the kernel took.</summary>
    public long SegmentedSends => Interlocked.Read(ref _segmentedSends);

    /// <summary>Serializes an endpoint once, for allocation-free sends to it.</summary>
    public static SocketAddress AddressOf(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return endPoint.Serialize();
    }

    /// <summary>Sends an ESP packet (SPI through ICV) as the UDP payload to <paramref name="peer"/>; false (counted) when the socket refused it.</summary>
    public bool TrySendEsp(ReadOnlySpan<byte> espPacket, SocketAddress peer)
    {
        try
        {
            if (_socket.SendTo(espPacket, SocketFlags.None, peer) == espPacket.Length)
            {
                return true;
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        Interlocked.Increment(ref _sendFailures);
        return false;
    }

    /// <summary>
    /// Sends several ESP packets to one peer with one UDP GSO send (UDP_SEGMENT): the packets lie in <paramref name="buffer"/>
    /// at <paramref name="starts"/> with <paramref name="lengths"/>, each <paramref name="segmentLength"/> bytes long except
    /// possibly the last, which may be shorter; the kernel sends one datagram per packet. When the kernel refuses GSO the
    /// packets go one by one. False (counted) when they could not be sent.
    /// </summary>
    public bool TrySendEspSegmented(byte[] buffer, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int segmentLength, SocketAddress peer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(peer);
        if (!_gsoRefused && SocketNative.TrySendSegmented(_socket, buffer, starts, lengths, segmentLength, peer))
        {
            _gsoWorked = true;
            Interlocked.Increment(ref _segmentedSends);
            return true;
        }

        // A kernel without UDP GSO refuses the first one: then never again. Once it worked, a failure is this send's only.
        _gsoRefused |= !_gsoWorked;
        bool all = true;
        for (int i = 0; i < starts.Length; i++)
        {
            all &= TrySendEsp(buffer.AsSpan(starts[i], lengths[i]), peer);
        }

        return all;
    }

    /// <summary>Sends an IKE message behind the non-ESP marker (not the hot path: a pooled buffer per call).</summary>
    public bool TrySendIke(ReadOnlySpan<byte> ikeMessage, SocketAddress peer)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ikeMessage.Length + UdpEncapsulation.NonEspMarkerLength);
        try
        {
            int marker = UdpEncapsulation.WriteNonEspMarker(buffer);
            ikeMessage.CopyTo(buffer.AsSpan(marker));
            return TrySendEsp(buffer.AsSpan(0, marker + ikeMessage.Length), peer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Waits at most <paramref name="timeoutMilliseconds"/> for one datagram and receives it into <paramref name="buffer"/>.
    /// True when it is ESP (its length in <paramref name="length"/>, the sender in <paramref name="from"/>); IKE, keepalives
    /// and junk are dispatched and give false, as do a timeout and a closed socket. Never throws on datagram bytes.
    /// </summary>
    public bool TryReceiveEsp(Span<byte> buffer, int timeoutMilliseconds, SocketAddress from, out int length)
    {
        ArgumentNullException.ThrowIfNull(from);
        length = 0;
        try
        {
            // Under load the queue is rarely empty: try first, poll only when nothing is there.
            int received = SocketNative.TryReceiveFrom(_socket, buffer, from);
            if (received < 0)
            {
                if (!_socket.Poll(TimeSpan.FromMilliseconds(timeoutMilliseconds), SelectMode.SelectRead))
                {
                    return false;
                }

                received = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }

            if (Demultiplexer.Dispatch(buffer[..received], from) != UdpPayloadKind.Esp)
            {
                return false;
            }

            length = received;
            return true;
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

    /// <summary>
    /// Whether UDP_GRO is on (<see cref="TryEnableReceiveCoalescing"/>): then <see cref="TryReceive"/> may return several
    /// datagrams at once, and <see cref="TryReceiveEsp"/> must not be used.
    /// </summary>
    public bool ReceiveCoalescing { get; private set; }

    /// <summary>
    /// Asks the kernel to hand over consecutive datagrams of one sender in one receive (UDP_GRO), as a peer's UDP GSO send
    /// left them; false when the kernel refuses (then every receive is one datagram). For <see cref="TryReceive"/> only.
    /// </summary>
    public bool TryEnableReceiveCoalescing()
    {
        ReceiveCoalescing |= SocketNative.TryEnableReceiveCoalescing(_socket);
        return ReceiveCoalescing;
    }

    /// <summary>
    /// Waits at most <paramref name="timeoutMilliseconds"/> and receives into <paramref name="buffer"/> what is queued:
    /// one datagram, or with <see cref="ReceiveCoalescing"/> several of one sender, each <paramref name="segmentSize"/>
    /// bytes long except the last (<paramref name="segmentSize"/> is 0 for a single datagram). The datagrams are not
    /// classified: pass each to <see cref="Demultiplexer"/>. False on timeout or a closed socket; never throws on datagram bytes.
    /// </summary>
    public bool TryReceive(Span<byte> buffer, int timeoutMilliseconds, SocketAddress from, out int length, out int segmentSize)
    {
        ArgumentNullException.ThrowIfNull(from);
        length = 0;
        int received = SocketNative.TryReceiveMessage(_socket, buffer, from, out segmentSize);
        if (received < 0)
        {
            try
            {
                if (timeoutMilliseconds <= 0 || !_socket.Poll(TimeSpan.FromMilliseconds(timeoutMilliseconds), SelectMode.SelectRead))
                {
                    return false;
                }
            }
            catch (SocketException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            received = SocketNative.TryReceiveMessage(_socket, buffer, from, out segmentSize);
            if (received < 0)
            {
                return false;
            }
        }

        length = received;
        if (segmentSize >= received)
        {
            segmentSize = 0;
        }

        return true;
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"UDP {LocalEndPoint}: {Demultiplexer}";
}
