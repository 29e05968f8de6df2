using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec.Tests;

public sealed class OuterHeaderTests
{
    private static readonly PacketAddress A4 = PacketAddress.FromIPAddress(IPAddress.Parse("192.0.2.1"));
    private static readonly PacketAddress B4 = PacketAddress.FromIPAddress(IPAddress.Parse("192.0.2.2"));
    private static readonly PacketAddress A6 = PacketAddress.FromIPAddress(IPAddress.Parse("2001:db8::1"));
    private static readonly PacketAddress B6 = PacketAddress.FromIPAddress(IPAddress.Parse("2001:db8::2"));

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Written_headers_read_back_to_the_esp_packet(bool ipv6, bool udp)
    {
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        using (outbound)
        using (inbound)
        {
            int headerLength = OuterHeader.Length(ipv6, udp);
            var buffer = new byte[1600];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(TestSas.Ipv4Packet(100), 4, buffer.AsSpan(headerLength), out int espLength));
            UdpEncapsulationPorts? ports = udp ? UdpEncapsulationPorts.Default : null;
            int total = OuterHeader.Write(buffer, ipv6 ? A6 : A4, ipv6 ? B6 : B4, ports, espLength, identification: 0x1234);
            Assert.Equal(headerLength + espLength, total);

            var kind = OuterHeader.TryRead(buffer.AsSpan(0, total), out var outer);
            Assert.Equal(udp ? OuterPacketKind.UdpEsp : OuterPacketKind.Esp, kind);
            Assert.Equal(ipv6 ? B6 : B4, outer.Destination);
            Assert.Equal(ipv6 ? A6 : A4, outer.Source);
            Assert.Equal(ports, outer.Udp);
            Assert.Equal(headerLength, outer.PayloadOffset);
            Assert.Equal(espLength, outer.PayloadLength);

            if (!ipv6)
            {
                Assert.Equal(0xffff, OnesComplementSum(buffer.AsSpan(0, 20)));
            }
            else if (udp)
            {
                // UDP over IPv6: the checksum over pseudo-header and datagram sums to all ones.
                var pseudo = new byte[40];
                A6.WriteTo(pseudo);
                B6.WriteTo(pseudo.AsSpan(16));
                BinaryPrimitives.WriteUInt32BigEndian(pseudo.AsSpan(32), (uint)(espLength + 8));
                pseudo[39] = 17;
                Assert.Equal(0xffff, OnesComplementSum([.. pseudo, .. buffer.AsSpan(40, espLength + 8)]));
            }

            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(buffer.AsSpan(outer.PayloadRange), out var result));
            Assert.Equal(100, result.PayloadLength);
        }
    }

    [Fact]
    public void Udp_payload_classification()
    {
        Assert.Equal(UdpPayloadKind.NatKeepalive, UdpEncapsulation.Classify([0xff]));
        Assert.Equal(UdpPayloadKind.Invalid, UdpEncapsulation.Classify([0x00]));
        Assert.Equal(UdpPayloadKind.Invalid, UdpEncapsulation.Classify([]));
        Assert.Equal(UdpPayloadKind.Ike, UdpEncapsulation.Classify(new byte[32]));
        Assert.Equal(UdpPayloadKind.Invalid, UdpEncapsulation.Classify([0, 0, 0, 1, 0, 0]));
        Assert.Equal(UdpPayloadKind.Esp, UdpEncapsulation.Classify([0, 0, 0, 1, 0, 0, 0, 1]));

        Span<byte> buffer = stackalloc byte[4];
        Assert.Equal(1, UdpEncapsulation.WriteNatKeepalive(buffer));
        Assert.Equal(UdpPayloadKind.NatKeepalive, UdpEncapsulation.Classify(buffer[..1]));
        buffer.Fill(9);
        Assert.Equal(4, UdpEncapsulation.WriteNonEspMarker(buffer));
        Assert.Equal(UdpPayloadKind.Ike, UdpEncapsulation.Classify(buffer));
    }

    [Fact]
    public void Ike_keepalive_and_other_traffic_on_the_wire()
    {
        var buffer = new byte[100];
        // NAT-keepalive: IPv4 + UDP + 0xff.
        UdpEncapsulation.WriteNatKeepalive(buffer.AsSpan(28));
        int total = OuterHeader.Write(buffer, A4, B4, UdpEncapsulationPorts.Default, 1);
        Assert.Equal(OuterPacketKind.NatKeepalive, OuterHeader.TryRead(buffer.AsSpan(0, total), out _));

        // IKE behind the non-ESP marker: the payload starts after the marker.
        buffer.AsSpan(28, 4).Clear();
        buffer.AsSpan(32, 28).Fill(0x11);
        total = OuterHeader.Write(buffer, A4, B4, UdpEncapsulationPorts.Default, 32);
        Assert.Equal(OuterPacketKind.UdpIke, OuterHeader.TryRead(buffer.AsSpan(0, total), out var ike));
        Assert.Equal(32, ike.PayloadOffset);
        Assert.Equal(28, ike.PayloadLength);

        // UDP to another port, and TCP, are not ours.
        total = OuterHeader.Write(buffer, A4, B4, new UdpEncapsulationPorts(53, 53), 32);
        Assert.Equal(OuterPacketKind.NotIpsec, OuterHeader.TryRead(buffer.AsSpan(0, total), out _));
        OuterHeader.WriteIpv4Header(buffer, A4, B4, 6, 20);
        Assert.Equal(OuterPacketKind.NotIpsec, OuterHeader.TryRead(buffer.AsSpan(0, 40), out _));

        // Fragments and nonsense.
        buffer[6] = 0x20;
        Assert.Equal(OuterPacketKind.Fragment, OuterHeader.TryRead(buffer.AsSpan(0, 40), out _));
        Assert.Equal(OuterPacketKind.Malformed, OuterHeader.TryRead(buffer.AsSpan(0, 10), out _));
    }

    [Fact]
    public void Transport_mode_split_and_rebuild()
    {
        // Transport mode: split an IPv4 TCP packet, protect its payload with next header 6, rebuild on the other side.
        var (outbound, inbound) = TestSas.Pair(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128, IpsecMode.Transport);
        using (outbound)
        using (inbound)
        {
            var original = new byte[20 + 40];
            OuterHeader.WriteIpv4Header(original, A4, B4, 6, 40);
            original.AsSpan(20).Fill(0x42);
            Assert.True(IpPacketInfo.TryParse(original, out var ip));
            Assert.Equal(6, ip.Protocol);

            var wire = new byte[200];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulate(original.AsSpan(ip.HeaderLength), ip.Protocol, wire.AsSpan(20), out int espLength));
            OuterHeader.WriteIpv4Header(wire, ip.Source, ip.Destination, OuterHeader.ProtocolEsp, espLength);
            Assert.Equal(OuterPacketKind.Esp, OuterHeader.TryRead(wire.AsSpan(0, 20 + espLength), out var outer));

            Assert.Equal(EspStatus.Ok, inbound.TryDecapsulate(wire.AsSpan(outer.PayloadRange), out var result));
            var rebuilt = new byte[20 + result.PayloadLength];
            OuterHeader.WriteIpv4Header(rebuilt, outer.Source, outer.Destination, result.NextHeader, result.PayloadLength);
            wire.AsSpan(outer.PayloadOffset + result.PayloadOffset, result.PayloadLength).CopyTo(rebuilt.AsSpan(20));
            Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(rebuilt));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sa_writes_whole_packets_that_the_sad_takes_back(bool natTraversal)
    {
        var lifetimes = Lifetimes.SaLifetimes.Unlimited;
        var outSettings = TestSas.Settings(SaDirection.Outbound, 0x5876d033, EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, lifetimes: lifetimes)
            with { UdpEncapsulation = natTraversal ? UdpEncapsulationPorts.Default : null };
        var key = new byte[20];
        Assert.True(SecurityAssociation.TryCreate(outSettings, key, [], TestSas.T0, out var outbound, out _));
        Assert.True(SecurityAssociation.TryCreate(outSettings with { Direction = SaDirection.Inbound }, key, [], TestSas.T0, out var inbound, out _));
        using var sad = new Sad.SecurityAssociationDatabase();
        Assert.True(sad.TryInstallInbound(inbound!));
        using (outbound)
        {
            // In place: the inner packet waits behind room for the outer headers, SPI, sequence number and IV.
            var inner = TestSas.Ipv4Packet(84);
            var buffer = new byte[outbound!.OuterHeaderLength + outbound.PayloadOffset + inner.Length + outbound.MaxOverhead];
            int payloadAt = outbound.OuterHeaderLength + outbound.PayloadOffset;
            inner.CopyTo(buffer, payloadAt);
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulatePacket(buffer.AsSpan(payloadAt, inner.Length), 4, buffer, out int written));
            Assert.Equal(natTraversal ? 20 + 8 + 8 + 8 + 88 + 16 : 20 + 8 + 8 + 88 + 16, written);

            var kind = OuterHeader.TryRead(buffer.AsSpan(0, written), out var outer);
            Assert.Equal(natTraversal ? OuterPacketKind.UdpEsp : OuterPacketKind.Esp, kind);
            var esp = buffer.AsSpan(outer.PayloadRange);
            Assert.Equal(EspStatus.Ok, sad.TryDecapsulate(outer.Destination, esp, out var result, out var sa));
            Assert.Same(inbound, sa);
            Assert.True(esp[result.PayloadRange].SequenceEqual(inner));

            // An IP packet cannot exceed 65535 bytes with its outer headers: refused before a sequence number is used.
            ulong next = outbound.NextSequenceNumber;
            var huge = new byte[65535 - 40];
            Assert.Equal(EspStatus.InvalidArgument, outbound.TryEncapsulatePacket(huge, 4, new byte[70000], out _));
            Assert.Equal(EspStatus.InvalidArgument, outbound.TryEncapsulatePacket(inner, 4, new byte[70000], out _, tfcPaddingLength: -1));
            Assert.Equal(next, outbound.NextSequenceNumber);
        }
    }

    private static int OnesComplementSum(ReadOnlySpan<byte> data)
    {
        long sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (data.Length % 2 == 1)
        {
            sum += data[^1] << 8;
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (int)sum;
    }
}
