using System.Net;
using System.Net.Sockets;
using DotSwan.Ipsec.Encapsulation;

namespace DotSwan.Ipsec.Transport;

/// <summary>
/// A raw IP socket for one IPsec protocol — plain ESP (50) or AH (51) — for kernels that have no ESP/AH of their own (the
/// protocol is then delivered to raw sockets): the userspace data plane sends and receives whole IP packets through it.
/// <para>
/// IPv4: the socket sends with IP_HDRINCL, so the packet goes out with exactly the header AH authenticated (its
/// Identification must not be 0, which the kernel would replace), and receives whole packets, header included.
/// IPv6: the kernel writes the IPv6 header itself (version, payload length, next header = the protocol, our source, the
/// peer; traffic class, flow label and hop limit are AH-mutable), so the first 40 bytes of an outgoing packet are dropped;
/// raw IPv6 sockets deliver only the payload, so an equivalent 40-byte header (source = the sender, destination = the bound
/// address, hop limit 0) is rebuilt in front of it. Extension headers of received IPv6 packets are not seen.
/// </para>
/// No allocation per packet; one thread may receive while another sends. Needs CAP_NET_RAW.
/// </summary>
public sealed class RawIpsecTransport : IDisposable
{
    private const int SocketBufferBytes = 4 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly bool _ipv6;
    private long _sendFailures;
    private long _invalid;

    /// <summary>Opens a raw socket for <paramref name="protocol"/> bound to <paramref name="localAddress"/>.</summary>
    public RawIpsecTransport(IPAddress localAddress, IpsecProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        _ipv6 = localAddress.AddressFamily == AddressFamily.InterNetworkV6;
        Protocol = protocol;
        _socket = SocketNative.Open(localAddress.AddressFamily, (byte)protocol);
        try
        {
            _socket.ReceiveBufferSize = SocketBufferBytes;
            _socket.SendBufferSize = SocketBufferBytes;
            if (!_ipv6)
            {
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, true);
            }

            _socket.Bind(new IPEndPoint(localAddress, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalAddress = PacketAddress.FromIPAddress(localAddress);
    }

    /// <summary>ESP or AH.</summary>
    public IpsecProtocol Protocol { get; }

    /// <summary>The bound address: the destination of what this socket receives.</summary>
    public PacketAddress LocalAddress { get; }

    /// <summary>Packets the socket refused to send.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Received packets that were not whole IP packets of our protocol.</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    /// <summary>The bytes a received packet may need in front of the payload (the rebuilt IPv6 header).</summary>
    public static int ReceiveHeadroom => IpPacketInfo.Ipv6HeaderLength;

    /// <summary>Serializes the peer's address once, for allocation-free sends.</summary>
    public static SocketAddress AddressOf(IPAddress peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return new IPEndPoint(peer, 0).Serialize();
    }

    /// <summary>
    /// Sends the whole IP packet <paramref name="ipPacket"/> (outer header of <see cref="Encapsulation.OuterHeader"/> or
    /// <c>SecurityAssociation.TryEncapsulatePacket</c>, no IPv6 extension headers) to <paramref name="peer"/>; false (counted)
    /// when the socket refused it.
    /// </summary>
    public bool TrySendPacket(ReadOnlySpan<byte> ipPacket, SocketAddress peer)
    {
        var data = _ipv6 ? ipPacket[Math.Min(ipPacket.Length, IpPacketInfo.Ipv6HeaderLength)..] : ipPacket;
        try
        {
            if (_socket.SendTo(data, SocketFlags.None, peer) == data.Length)
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
    /// Waits at most <paramref name="timeoutMilliseconds"/> for one packet and puts it, as a whole IP packet, at the start of
    /// <paramref name="buffer"/> (which needs <see cref="ReceiveHeadroom"/> bytes more than the largest packet). False on a
    /// timeout, a closed socket or a packet that is not of our protocol. Never throws on packet bytes.
    /// </summary>
    public bool TryReceivePacket(Span<byte> buffer, int timeoutMilliseconds, SocketAddress from, out int length)
    {
        ArgumentNullException.ThrowIfNull(from);
        length = 0;
        try
        {
            var target = _ipv6 ? buffer[IpPacketInfo.Ipv6HeaderLength..] : buffer;
            int received = SocketNative.TryReceiveFrom(_socket, target, from);
            if (received < 0)
            {
                if (!_socket.Poll(TimeSpan.FromMilliseconds(timeoutMilliseconds), SelectMode.SelectRead))
                {
                    return false;
                }

                received = _socket.ReceiveFrom(target, SocketFlags.None, from);
            }

            if (!_ipv6)
            {
                if (!IpPacketInfo.TryParse(buffer[..received], out var info) || info.Protocol != (byte)Protocol || info.Destination != LocalAddress)
                {
                    Interlocked.Increment(ref _invalid);
                    return false;
                }

                length = info.TotalLength;
                return true;
            }

            int payload = received;
            // sockaddr_in6: family (2), port (2), flow info (4), address (16).
            if (from.Size < 24 || payload > ushort.MaxValue)
            {
                Interlocked.Increment(ref _invalid);
                return false;
            }

            Span<byte> source = stackalloc byte[16];
            for (int i = 0; i < 16; i++)
            {
                source[i] = from[8 + i];
            }

            PacketAddress.TryRead(source, out var sourceAddress);
            OuterHeader.WriteIpv6Header(buffer, sourceAddress, LocalAddress, (byte)Protocol, payload, hopLimit: 0);
            length = IpPacketInfo.Ipv6HeaderLength + payload;
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

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"raw {Protocol} {LocalAddress}";
}
