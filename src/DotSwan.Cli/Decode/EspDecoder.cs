using System.Buffers.Binary;
using System.Globalization;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.KeyLog;
using DotSwan.Wire.Capture;

namespace DotSwan.Cli.Decode;

/// <summary>
/// Decrypts captured UDP-encapsulated ESP (RFC 3948) with Wireshark esp_sa entries through DotSwan's own inbound SAs
/// and prints what the tunnel carried.
/// </summary>
internal sealed class EspDecoder : IDisposable
{
    private const byte IcmpProtocol = 1;
    private readonly TextWriter _output;
    private readonly Dictionary<uint, EspSaTableEntry> _keys;
    private readonly Dictionary<uint, SecurityAssociation> _inbound = [];

    public EspDecoder(TextWriter output, IEnumerable<EspSaTableEntry> keys)
    {
        _output = output;
        _keys = keys.DistinctBy(k => k.Spi).ToDictionary(k => k.Spi);
    }

    /// <summary>ESP packets seen.</summary>
    public int Packets { get; private set; }

    /// <summary>ESP packets decrypted.</summary>
    public int Decrypted { get; private set; }

    /// <summary>ESP packets that did not decrypt with a logged key (each printed with the reason).</summary>
    public int Failures { get; private set; }

    /// <summary>True (and prints it) when <paramref name="datagram"/> is UDP-encapsulated ESP.</summary>
    public bool TryDecode(CapturedDatagram datagram)
    {
        if (datagram.IsPort500 || UdpEncapsulation.Classify(datagram.Payload) != UdpPayloadKind.Esp) { return false; }
        Packets++;
        uint spi = BinaryPrimitives.ReadUInt32BigEndian(datagram.Payload);
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(datagram.Payload.AsSpan(4));
        string head = string.Create(CultureInfo.InvariantCulture,
            $"#{datagram.Frame} {datagram.Source}:{datagram.SourcePort} -> {datagram.Destination}:{datagram.DestinationPort} ESP spi {spi:x8} seq {sequence}, {datagram.Payload.Length} bytes");
        if (!_keys.TryGetValue(spi, out var entry))
        {
            _output.WriteLine(head);
            return true;
        }
        if (!_inbound.TryGetValue(spi, out var sa))
        {
            var settings = entry.ToSettings(SaDirection.Inbound, UdpEncapsulationPorts.Default) with { Lifetimes = Ipsec.Lifetimes.SaLifetimes.Unlimited };
            if (!SecurityAssociation.TryCreate(Crypto.TransformRegistry.WithLegacy, settings, entry.EncryptionKey, entry.IntegrityKey,
                    datagram.Timestamp, out sa, out var error))
            {
                Fail($"{head}: key table entry unusable: {error}");
                return true;
            }
            _inbound[spi] = sa!;
        }
        var packet = datagram.Payload.ToArray();
        var status = sa!.TryDecapsulate(packet, out var result);
        if (status != EspStatus.Ok)
        {
            Fail($"{head}: dropped: {status}");
            return true;
        }
        Decrypted++;
        _output.WriteLine(head);
        _output.WriteLine("      " + DescribeInner(packet.AsSpan(result.PayloadRange), result.NextHeader));
        return true;
    }

    private static string DescribeInner(ReadOnlySpan<byte> inner, byte nextHeader)
    {
        if (!IpPacketInfo.TryParse(inner, out var ip))
        {
            return string.Create(CultureInfo.InvariantCulture, $"next header {nextHeader}, {inner.Length} bytes");
        }
        string what = ip.Protocol switch
        {
            IcmpProtocol when inner.Length >= ip.HeaderLength + 8 => inner[ip.HeaderLength] switch
            {
                8 => $"ICMP echo request seq {BinaryPrimitives.ReadUInt16BigEndian(inner[(ip.HeaderLength + 6)..])}",
                0 => $"ICMP echo reply seq {BinaryPrimitives.ReadUInt16BigEndian(inner[(ip.HeaderLength + 6)..])}",
                var type => $"ICMP type {type}",
            },
            6 => "TCP",
            17 => "UDP",
            var protocol => $"protocol {protocol}",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"inner {ip.Source.ToIPAddress()} -> {ip.Destination.ToIPAddress()} {what}, {ip.TotalLength} bytes");
    }

    private void Fail(string line)
    {
        Failures++;
        _output.WriteLine(line);
    }

    public void Dispose()
    {
        foreach (var sa in _inbound.Values) { sa.Dispose(); }
        _inbound.Clear();
    }
}
