using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Tun;
using DotSwan.Ipsec.Sad;
using DotSwan.Ipsec.TunHost;
using DotSwan.Ipsec.Transport;

// Manual keying runner: one TUN data plane with one SA pair, until SIGTERM/SIGINT (or --max-seconds), then counters.
HostOptions options;
try
{
    options = HostOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(HostOptions.Usage);
    return 2;
}

using var stop = new ManualResetEventSlim();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });

using var device = TunDevice.Open(options.TunName, options.Offloads);
device.Configure(new TunInterfaceSettings { Mtu = options.Mtu, TransmitQueueLength = options.TransmitQueueLength, Address = options.TunAddress, Routes = options.Remote });
if (options.TunOnly)
{
    Console.WriteLine($"ready tun={device.Name}");
    stop.Wait(options.MaxRunTime);
    Console.WriteLine("exit");
    return 0;
}

var now = DateTimeOffset.UtcNow;
using var sad = new SecurityAssociationDatabase();
var outbound = CreateSa(options, SaDirection.Outbound, options.SpiOut, options.Local!, options.Peer!, options.KeyOut, now);
var inbound = CreateSa(options, SaDirection.Inbound, options.SpiIn, options.Peer!, options.Local!, options.KeyIn, now);
if (!sad.TryInstallOutbound(1, outbound) || !sad.TryInstallInbound(inbound))
{
    Console.Error.WriteLine("SA install failed");
    return 1;
}

// AH is never UDP-encapsulated: it and plain ESP go over a raw IP socket (protocol 50/51), the peer's address with port 0.
bool udp = options.UdpEncapsulation && options.Protocol == IpsecProtocol.Esp;
var peer = new IPEndPoint(options.Peer!, udp ? options.Port : 0);
var policy = new StaticOutboundPolicy(options.Remote.Select(prefix => new OutboundRoute(IpPrefix.Parse(prefix), outbound, peer)).ToList());
using var transport = udp ? new UdpEspTransport(options.Local!, options.Port) : null;
using var raw = udp ? null : new RawIpsecTransport(options.Local!, options.Protocol);
var remotePrefixes = options.Remote.Select(IpPrefix.Parse).ToList();
var inboundPolicy = new StaticInboundPolicy(new Dictionary<uint, IReadOnlyList<IpPrefix>> { [options.SpiIn] = remotePrefixes });
using (var plane = transport is not null ? new TunDataPlane(device, transport, sad, policy, inboundPolicy) : new TunDataPlane(device, raw!, sad, policy, inboundPolicy))
{
    plane.Start();
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    Console.WriteLine($"ready tun={device.Name} offloads={device.Offloads.ToString().Replace(", ", "|", StringComparison.Ordinal)} {(transport is not null ? $"udp={transport.LocalEndPoint}" : $"raw={raw}")} {options.Protocol} out=0x{options.SpiOut:x8} in=0x{options.SpiIn:x8} {outbound.Settings.Encryption}/{outbound.Settings.EncryptionKeyLengthBits} {outbound.Settings.Integrity}");
    stop.Wait(options.MaxRunTime);
    bool stopped = plane.Stop(TimeSpan.FromSeconds(2));
    // Everything the process allocated while the plane ran (signal handling and timers included): the per-packet claim's check.
    Console.WriteLine($"gc.allocated.bytes={GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore}");
    Console.WriteLine($"plane.stopped={(stopped ? 1 : 0)}");
    Console.WriteLine($"plane.out.packets={plane.Counters.OutboundPackets}");
    Console.WriteLine($"plane.out.bytes={plane.Counters.OutboundBytes}");
    Console.WriteLine($"plane.in.packets={plane.Counters.InboundPackets}");
    Console.WriteLine($"plane.in.bytes={plane.Counters.InboundBytes}");
    Console.WriteLine($"plane.out.supersegments={plane.Counters.SuperSegments}");
    Console.WriteLine($"plane.in.coalescedwrites={plane.Counters.CoalescedWrites}");
    Console.WriteLine($"plane.in.coalescedreceives={plane.Counters.CoalescedReceives}");
    foreach (var reason in Enum.GetValues<DataPlaneDropReason>())
    {
        Console.WriteLine($"plane.drop.{reason}={plane.Counters.Drops(reason)}");
    }

    Console.WriteLine($"sa.out.packets={outbound.Counters.Packets}");
    Console.WriteLine($"sa.out.drops={outbound.Counters.TotalDrops}");
    Console.WriteLine($"sa.in.packets={inbound.Counters.Packets}");
    Console.WriteLine($"sa.in.drops={inbound.Counters.TotalDrops}");
    if (transport is not null)
    {
        Console.WriteLine($"udp.esp={transport.Demultiplexer.EspPackets}");
        Console.WriteLine($"udp.ike={transport.Demultiplexer.IkeMessages}");
        Console.WriteLine($"udp.keepalive={transport.Demultiplexer.NatKeepalives}");
        Console.WriteLine($"udp.invalid={transport.Demultiplexer.Invalid}");
        Console.WriteLine($"udp.sendfailures={transport.SendFailures}");
        Console.WriteLine($"udp.gso.sends={transport.SegmentedSends}");
    }
    else
    {
        Console.WriteLine($"raw.invalid={raw!.Invalid}");
        Console.WriteLine($"raw.sendfailures={raw.SendFailures}");
    }
    Console.WriteLine($"summary {plane}");
}

Console.WriteLine("exit");
return 0;

static SecurityAssociation CreateSa(HostOptions options, SaDirection direction, uint spi, IPAddress source, IPAddress destination, byte[] keys, DateTimeOffset now)
{
    var registry = TransformRegistry.Default;
    if (!registry.TryDescribeEncryption(options.Encryption, options.KeyBits, out var info, out var error))
    {
        throw new InvalidOperationException(error.ToString());
    }

    int encryptionLength = options.Protocol == IpsecProtocol.Ah ? 0 : info.KeyMaterialLength;
    int integrityLength = registry.IntegrityKeyLength(options.Integrity);
    if (keys.Length != encryptionLength + integrityLength)
    {
        throw new ArgumentException($"{direction} key: {keys.Length} bytes given, {encryptionLength} + {integrityLength} needed");
    }

    var settings = new SecurityAssociationSettings
    {
        Spi = spi,
        Direction = direction,
        Source = source,
        Destination = destination,
        Encryption = options.Encryption,
        EncryptionKeyLengthBits = options.KeyBits,
        Integrity = options.Integrity,
        Protocol = options.Protocol,
        UdpEncapsulation = options.UdpEncapsulation && options.Protocol == IpsecProtocol.Esp ? new UdpEncapsulationPorts((ushort)options.Port, (ushort)options.Port) : null,
        // Manual keys: no IKE rekeys, so the default volume lifetimes (100 MB hard) would just cut the tunnel.
        Lifetimes = DotSwan.Ipsec.Lifetimes.SaLifetimes.Unlimited,
    };
    try
    {
        if (!SecurityAssociation.TryCreate(registry, settings, keys.AsSpan(0, encryptionLength), keys.AsSpan(encryptionLength), now, out var sa, out error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        return sa!;
    }
    finally
    {
        CryptographicOperations.ZeroMemory(keys);
    }
}
