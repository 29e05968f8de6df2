using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.TestHost;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Tun;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Sad;
using DotSwan.Ipsec.Transport;

// IKEv2 (or, with --ikev1, IKEv1) responder (or initiator) for one connection (PSK, or certificates for IKEv2), rekeying on the connection's lifetimes, driving the sans-I/O engine from UDP 500 and 4500 and installing its
// Child SA into a TUN data plane; runs until SIGTERM/SIGINT or --max-seconds, then prints counters.
HostOptions options;
HostCredentials credentials;
try
{
    options = HostOptions.Parse(args);
    credentials = HostCredentials.Load(options);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or IOException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(HostOptions.Usage);
    return 2;
}

using var ownedCredentials = credentials;
Console.Out.Flush();
using var stop = new ManualResetEventSlim();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
// SIGUSR1 rekeys every Child SA, SIGUSR2 every IKE SA (raw Linux signal numbers): lets a test start a rekey at a chosen moment.
int rekeyChildRequests = 0, rekeyIkeRequests = 0;
using var usr1 = PosixSignalRegistration.Create((PosixSignal)10, context => { context.Cancel = true; Interlocked.Increment(ref rekeyChildRequests); });
using var usr2 = PosixSignalRegistration.Create((PosixSignal)12, context => { context.Cancel = true; Interlocked.Increment(ref rekeyIkeRequests); });

var local = options.Local!;
var peer = options.Peer!;
var local500 = new IPEndPoint(local, 500);
var local4500 = new IPEndPoint(local, UdpEncapsulationPorts.NatTraversalPort);
var remoteSubnet = IpPrefix.Parse(options.RemoteSubnet);

using var device = TunDevice.Open(options.TunName, TunOffloads.All);
device.Configure(new TunInterfaceSettings { Routes = [options.RemoteSubnet] });
using var sad = new SecurityAssociationDatabase();
var policy = new ChildSaPolicy(remoteSubnet);
using var transport = new UdpEspTransport(local, UdpEncapsulationPorts.NatTraversalPort);
using var ike500 = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
ike500.Bind(local500);

using var psk = SecretBytes.CopyOf(Encoding.UTF8.GetBytes(options.PreSharedKey));
using var engine = new HostEngine(options, local500, new IPEndPoint(peer, 500), psk, Selector(options.LocalSubnet), Selector(options.RemoteSubnet), Lifetimes(options), credentials);

// The host does what the engine says: which socket (500, or 4500 with the non-ESP marker), which peer endpoint,
// which UDP encapsulation ports; it keeps no NAT-T logic of its own.
// Every Child SA installed (a rekey adds one pair; the counters printed on exit are sums over all of them).
var inboundSas = new List<SecurityAssociation>();
var outboundSas = new List<SecurityAssociation>();
// The installed pairs' outbound routes, oldest first: the newest carries traffic.
var routes = new List<(uint InboundSpi, OutboundRoute Route)>();
// Installed and not yet deleted SAs with the inbound SPI of their pair: polled for byte/packet limits the data path reached.
var liveSas = new List<(uint InboundSpi, SecurityAssociation Sa)>();
long sent500 = 0, sent4500 = 0, received500 = 0, received4500 = 0, sendFailures = 0, keepalivesSent = 0, endPointUpdates = 0;

using var plane = new TunDataPlane(device, transport, sad, policy, policy);
plane.Start();
Log($"ready tun={device.Name} ike={local500} natt={transport.LocalEndPoint} connection={engine.Connection}");

// --delete-after-seconds: delete the first established IKE SA that long after it was established.
DateTimeOffset? deleteAt = null;
IkeSaId? establishedSa = null;
if (options.Initiate)
{
    Handle(engine.Initiate(DateTimeOffset.UtcNow));
}

var buffer = new byte[65536];
var delayed = new Queue<(DateTimeOffset Due, byte[] Message, IPEndPoint Local, IPEndPoint From)>();
var until = DateTimeOffset.UtcNow + options.MaxRunTime;
while (!stop.IsSet && DateTimeOffset.UtcNow < until)
{
    var now = DateTimeOffset.UtcNow;
    if (ike500.Poll(TimeSpan.FromMilliseconds(20), SelectMode.SelectRead))
    {
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        int length;
        try
        {
            length = ike500.ReceiveFrom(buffer, ref from);
        }
        catch (SocketException e)
        {
            Log($"udp500 receive failed: {e.SocketErrorCode}");
            continue;
        }

        received500++;
        Receive(buffer.AsSpan(0, length).ToArray(), local500, (IPEndPoint)from);
    }

    // IKE on 4500 is taken off the socket by the data plane's inbound thread (marker removed) and queued.
    for (int taken = 0; taken < 64 && transport.Demultiplexer.TryDequeueIke(out var datagram); taken++)
    {
        received4500++;
        Receive(datagram!.Message.ToArray(), local4500, datagram.From);
    }

    // Received IKE messages held back by --ike-receive-delay-ms (an emulated path delay), in arrival order.
    while (delayed.Count > 0 && delayed.Peek().Due <= DateTimeOffset.UtcNow)
    {
        var held = delayed.Dequeue();
        Handle(engine.Receive(held.Message, held.Local, held.From, DateTimeOffset.UtcNow));
    }

    if (Interlocked.Exchange(ref rekeyChildRequests, 0) > 0)
    {
        foreach (var id in engine.EstablishedIkeSas())
        {
            foreach (var inbound in engine.ChildSas(id))
            {
                Log($"command rekey child 0x{inbound:x8}");
                Handle(engine.RekeyChildSa(id, inbound, DateTimeOffset.UtcNow));
            }
        }
    }

    if (Interlocked.Exchange(ref rekeyIkeRequests, 0) > 0)
    {
        foreach (var id in engine.EstablishedIkeSas())
        {
            Log($"command rekey ike {id}");
            Handle(engine.RekeyIkeSa(id, DateTimeOffset.UtcNow));
        }
    }

    now = DateTimeOffset.UtcNow;
    if (deleteAt is { } at && at <= now && establishedSa is { } toDelete)
    {
        deleteAt = null;
        Log($"command delete {toDelete}");
        Handle(engine.Delete(toDelete, now));
    }

    // Volume lifetimes (VolumeLifetimes: soft 50 MiB, hard 100 MiB per SA) are counted on the data path; a soft limit
    // rekeys the Child SA through the engine, as the daemon does, so long transfers run on fresh keys instead of stalling.
    for (int i = 0; i < liveSas.Count; i++)
    {
        var (inboundSpi, sa) = liveSas[i];
        if (!sa.HasPendingExpiry)
        {
            continue;
        }

        foreach (var expiry in sa.CheckLifetime(now))
        {
            bool hard = expiry.Kind == DotSwan.Ipsec.Lifetimes.SaExpiryKind.Hard;
            Log($"event SaExpired {sa.Settings.Direction} 0x{sa.Spi:x8} {expiry.Kind} {expiry.Trigger} pair_in=0x{inboundSpi:x8}");
            Handle(engine.ChildSaExpired(inboundSpi, hard, now));
        }
    }

    if (engine.NextDeadline is { } deadline && deadline <= now)
    {
        Handle(engine.OnTimer(now));
    }
}

bool stopped = plane.Stop(TimeSpan.FromSeconds(2));
Log($"plane.stopped={(stopped ? 1 : 0)}");
Log($"plane.out.packets={plane.Counters.OutboundPackets}");
Log($"plane.in.packets={plane.Counters.InboundPackets}");
foreach (var reason in Enum.GetValues<DataPlaneDropReason>())
{
    Log($"plane.drop.{reason}={plane.Counters.Drops(reason)}");
}

Log($"childsa.installed={inboundSas.Count}");
Log($"sa.out.packets={outboundSas.Sum(sa => sa.Counters.Packets)}");
Log($"sa.in.packets={inboundSas.Sum(sa => sa.Counters.Packets)}");
Log($"sa.out.bytes={outboundSas.Sum(sa => sa.Counters.Bytes)}");
Log($"sa.in.bytes={inboundSas.Sum(sa => sa.Counters.Bytes)}");
Log($"sa.in.drops={inboundSas.Sum(sa => sa.Counters.TotalDrops)}");
foreach (var reason in Enum.GetValues<EspStatus>().Where(r => r != EspStatus.Ok))
{
    long outDrops = outboundSas.Sum(sa => sa.Counters.Drops(reason));
    long inDrops = inboundSas.Sum(sa => sa.Counters.Drops(reason));
    if (outDrops != 0) { Log($"sa.out.drop.{reason}={outDrops}"); }
    if (inDrops != 0) { Log($"sa.in.drop.{reason}={inDrops}"); }
}

Log($"sad.inbound={sad.InboundCount}");
Log($"sad.outbound={sad.OutboundCount}");
Log($"udp.esp={transport.Demultiplexer.EspPackets}");
Log($"udp.ike={transport.Demultiplexer.IkeMessages}");
Log($"udp.keepalive={transport.Demultiplexer.NatKeepalives}");
Log($"ike.received500={received500}");
Log($"ike.received4500={received4500}");
Log($"ike.sent500={sent500}");
Log($"ike.sent4500={sent4500}");
Log($"ike.sendfailures={sendFailures}");
Log($"ike.keepalives={keepalivesSent}");
Log($"ike.endpointupdates={endPointUpdates}");
foreach (var (name, value) in engine.Counters())
{
    Log($"engine.{name}={value}");
}

Log("exit");
return 0;

void Receive(byte[] message, IPEndPoint at, IPEndPoint from)
{
    if (options.IkeReceiveDelay <= TimeSpan.Zero)
    {
        Handle(engine.Receive(message, at, from, DateTimeOffset.UtcNow));
        return;
    }

    delayed.Enqueue((DateTimeOffset.UtcNow + options.IkeReceiveDelay, message, at, from));
}

void Handle(IReadOnlyList<EngineOutput> outputs)
{
    // In the engine's order: it lists InstallChildSa before the IKE_AUTH response that lets the peer send ESP.
    foreach (var output in outputs)
    {
        switch (output)
        {
            case SendDatagram send:
                Send(send);
                break;
            case InstallChildSa install:
                Install(install);
                break;
            case SendNatKeepalive keepalive:
                if (transport.TrySendEsp([SendNatKeepalive.Payload], UdpEspTransport.AddressOf(keepalive.Remote))) { keepalivesSent++; }
                else { sendFailures++; }
                break;
            case UpdateChildSaEndPoints update:
                endPointUpdates++;
                Log($"event UpdateChildSaEndPoints {update.IkeSa} remote={update.Remote} encap={update.UdpEncapsulation}");
                policy.MoveTo(update.Remote);
                break;
            case DeleteChildSa delete:
                Log($"event DeleteChildSa in=0x{delete.InboundSpi:x8} out=0x{delete.OutboundSpi:x8}");
                policy.Remove(delete.InboundSpi, delete.OutboundSpi);
                liveSas.RemoveAll(live => live.InboundSpi == delete.InboundSpi);
                int index = routes.FindIndex(r => r.Route.SecurityAssociation.Spi == delete.OutboundSpi);
                if (index >= 0)
                {
                    bool current = index == routes.Count - 1;
                    routes.RemoveAt(index);
                    if (current && routes.Count > 0)
                    {
                        // The newest pair went first (the redundant SA of a lost simultaneous rekey): send on the newest left.
                        sad.TryUpdateOutbound(1, routes[^1].Route.SecurityAssociation, out _);
                        policy.Route(routes[^1].Route);
                    }
                    else if (current)
                    {
                        sad.TryRemoveOutbound(1, out _);
                    }
                }

                sad.TryRemoveInbound(new InboundSaKey(delete.InboundSpi, transport.LocalAddress, IpsecProtocol.Esp), out _);
                break;
            case IkeSaEstablished established:
                if (establishedSa is null && options.DeleteAfter is { } after)
                {
                    establishedSa = established.IkeSa;
                    deleteAt = DateTimeOffset.UtcNow + after;
                }

                Log($"event IkeSaEstablished {established.IkeSa} initiator={established.IsInitiator} suite={established.Suite} remote={established.RemoteIdentity}");
                break;
            case ChildSaEstablished child:
                Log($"event ChildSaEstablished {child.IkeSa} in=0x{child.InboundSpi:x8} out=0x{child.OutboundSpi:x8} {child.Description}");
                break;
            case IkeSaFailed failed:
                Log($"event IkeSaFailed {failed.IkeSa} kind={failed.Kind} reason={failed.Reason}");
                break;
            case IkeSaDeleted deleted:
                Log($"event IkeSaDeleted {deleted.IkeSa} reason={deleted.Reason}");
                break;
            case QuickModeFailed quickModeFailed:
                Log($"event QuickModeFailed {quickModeFailed.IkeSa} kind={quickModeFailed.Kind} reason={quickModeFailed.Reason}");
                break;
            case IkeSaRekeyed rekeyed:
                Log($"event IkeSaRekeyed {rekeyed.IkeSa} new={rekeyed.NewIkeSa} initiated={rekeyed.WeInitiated}");
                break;
            case ChildSaRekeyed rekeyed:
                Log($"event ChildSaRekeyed {rekeyed.IkeSa} old_in=0x{rekeyed.OldInboundSpi:x8} new_in=0x{rekeyed.NewInboundSpi:x8} initiated={rekeyed.WeInitiated}");
                break;
            default:
                Log($"event {output.GetType().Name}");
                break;
        }
    }
}

void Send(SendDatagram send)
{
    bool ok;
    if (send.Local.Port == UdpEncapsulationPorts.NatTraversalPort)
    {
        var to = UdpEspTransport.AddressOf(send.Remote);
        ok = send.NonEspMarker ? transport.TrySendIke(send.Datagram.Span, to) : transport.TrySendEsp(send.Datagram.Span, to);
        sent4500++;
        if (!options.Quiet) { Log($"send ike {send.Datagram.Length} B to {send.Remote} (4500{(send.NonEspMarker ? ", marker" : "")})"); }
    }
    else
    {
        try
        {
            ok = ike500.SendTo(send.Datagram.Span, SocketFlags.None, send.Remote) == send.Datagram.Length;
        }
        catch (SocketException)
        {
            ok = false;
        }

        sent500++;
        if (!options.Quiet) { Log($"send ike {send.Datagram.Length} B to {send.Remote} (500)"); }
    }

    if (!ok)
    {
        sendFailures++;
    }
}

void Install(InstallChildSa install)
{
    try
    {
        if (install.UdpEncapsulation is not { } encapsulation)
        {
            Log("event InstallChildSa failed: the engine negotiated plain ESP, which this host's UDP-only data plane cannot carry (use --encap yes)");
            return;
        }

        var peerEndPoint = install.Remote;
        var ports = new UdpEncapsulationPorts(encapsulation.LocalPort, encapsulation.RemotePort);
        var now = DateTimeOffset.UtcNow;
        var outbound = Create(install, SaDirection.Outbound, install.Outbound, local, peerEndPoint.Address, ports, now);
        var inbound = Create(install, SaDirection.Inbound, install.Inbound, peerEndPoint.Address, local, new UdpEncapsulationPorts(ports.DestinationPort, ports.SourcePort), now);
        if (outbound is null || inbound is null || !sad.TryInstallInbound(inbound) || !(sad.TryInstallOutbound(1, outbound) || sad.TryUpdateOutbound(1, outbound, out _)))
        {
            Log("event InstallChildSa failed: SA creation or SAD install refused");
            return;
        }

        inboundSas.Add(inbound);
        outboundSas.Add(outbound);
        liveSas.Add((install.Inbound.Spi, inbound));
        liveSas.Add((install.Inbound.Spi, outbound));
        var route = new OutboundRoute(remoteSubnet, outbound, peerEndPoint);
        routes.Add((install.Inbound.Spi, route));
        policy.Install(route, inbound);
        Log($"event InstallChildSa in=0x{install.Inbound.Spi:x8} out=0x{install.Outbound.Spi:x8} {install.Encryption.Algorithm}/{install.Encryption.KeyLength} "
            + $"integrity={install.Integrity?.ToString() ?? "none"} esn={install.ExtendedSequenceNumbers} peer={peerEndPoint} "
            + $"local_ts={string.Join(' ', install.LocalTrafficSelectors)} remote_ts={string.Join(' ', install.RemoteTrafficSelectors)}");
    }
    finally
    {
        install.Inbound.EncryptionKey.Dispose();
        install.Inbound.IntegrityKey.Dispose();
        install.Outbound.EncryptionKey.Dispose();
        install.Outbound.IntegrityKey.Dispose();
    }
}

static SecurityAssociation? Create(InstallChildSa install, SaDirection direction, ChildSaDirectionKeys keys, IPAddress source, IPAddress destination,
    UdpEncapsulationPorts ports, DateTimeOffset now)
{
    var settings = new SecurityAssociationSettings
    {
        Spi = keys.Spi,
        Direction = direction,
        Source = source,
        Destination = destination,
        Encryption = install.Encryption.Algorithm,
        EncryptionKeyLengthBits = install.Encryption.KeyLength,
        Integrity = install.Integrity ?? IntegrityAlgorithm.None,
        ExtendedSequenceNumbers = install.ExtendedSequenceNumbers,
        UdpEncapsulation = ports,
        Lifetimes = VolumeLifetimes(),
    };
    if (!SecurityAssociation.TryCreate(TransformRegistry.Default, settings, keys.EncryptionKey.ReadOnlySpan, keys.IntegrityKey.ReadOnlySpan, now, out var sa, out var error))
    {
        Console.WriteLine($"event InstallChildSa {direction} SA refused: {error}");
        return null;
    }

    return sa;
}

// Byte lifetimes of every SA: the defaults' 100 MB hard limit, but the soft limit (which starts the rekey) at half of it
// instead of 90 %: the rekey takes two exchanges, and the peer moves its outbound traffic to the new SA only when our DELETE
// of the old one arrives. At strongSwan's 400 Mbit/s, 10 MB is 0.25 s, which a loaded 2-core machine did not always give
// (1,770 packets refused as HardExpired at load 42); 50 MB is about a second.
static DotSwan.Ipsec.Lifetimes.SaLifetimes VolumeLifetimes() => new(
    DotSwan.Ipsec.Lifetimes.SaLifetimes.Default.Soft with { Bytes = 50 * DotSwan.Ipsec.Lifetimes.SaLifetimes.Megabyte },
    DotSwan.Ipsec.Lifetimes.SaLifetimes.Default.Hard);

static Ikev2Lifetimes Lifetimes(HostOptions options)
{
    var lifetimes = Ikev2Lifetimes.FromRekeyTimes(options.IkeRekeyTime ?? Ikev2Lifetimes.Default.IkeRekeyTime, options.ChildRekeyTime ?? Ikev2Lifetimes.Default.ChildRekeyTime);
    return options.NoRekeyJitter ? lifetimes with { IkeRandTime = TimeSpan.Zero, ChildRandTime = TimeSpan.Zero } : lifetimes;
}

static TrafficSelector Selector(string cidr)
{
    int slash = cidr.IndexOf('/', StringComparison.Ordinal);
    return TrafficSelector.FromSubnet(IPAddress.Parse(cidr[..slash]), int.Parse(cidr[(slash + 1)..], CultureInfo.InvariantCulture));
}

static void Log(string line)
{
    Console.WriteLine(line);
    Console.Out.Flush();
}
