using System.Net;
using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>
/// A deterministic network of engines under a virtual clock: datagrams are delivered after a base latency plus a
/// seeded random delay, and may be lost or duplicated. Time jumps straight to the next delivery or engine deadline.
/// Nodes are found by address (any port). It plays the socket layer too: IKE sent with the non-ESP marker gets the
/// four zero bytes on the wire, and on port 4500 only marked datagrams reach the engine (keepalives and anything
/// unmarked — ESP to a real host — stop there). NATs in front of nodes rewrite addresses and ports.
/// </summary>
internal sealed class SimulatedNetwork
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(10);
    private const int NatTraversalPort = 4500;

    private readonly List<SimulatedNode> _nodes = [];
    private readonly List<SimulatedNat> _nats = [];
    private readonly List<(DateTimeOffset At, long Order, IPEndPoint To, IPEndPoint From, byte[] Wire)> _inFlight = [];
    private readonly Random _random;
    private long _order;

    public SimulatedNetwork(int seed, NetworkConditions conditions)
    {
        _random = new Random(seed);
        Conditions = conditions;
    }

    public NetworkConditions Conditions { get; set; }

    /// <summary>Rewrites a datagram in flight (sender name, bytes → bytes delivered), e.g. to set header flags a peer might set.</summary>
    public Func<string, byte[], byte[]>? Rewrite { get; set; }

    public DateTimeOffset Now { get; private set; } = Epoch;

    /// <summary>An attacker on the path: rewrites each IKE datagram (sender name, bytes without marker) before it goes out; null leaves them alone.</summary>
    public Func<string, byte[], byte[]>? Tamper { get; set; }

    /// <summary>Every IKE datagram put on the wire (before loss), with sender and time; without the non-ESP marker.</summary>
    public List<(DateTimeOffset Time, string From, byte[] Datagram)> Sent { get; } = [];

    /// <summary>Every datagram on the wire as addressed after NAT: time, sender, source, destination, UDP payload (marker included).</summary>
    public List<(DateTimeOffset Time, string From, IPEndPoint Source, IPEndPoint Destination, byte[] Wire)> Wire { get; } = [];

    /// <summary>Datagrams that arrived on port 4500 without the marker (dropped as if they were ESP).</summary>
    public int UnmarkedOn4500 { get; private set; }

    /// <summary>NAT-keepalives that arrived (and were dropped by the socket layer, as they should be).</summary>
    public int KeepalivesDelivered { get; private set; }

    public SimulatedNode Add(SimulatedNode node)
    {
        _nodes.Add(node);
        return node;
    }

    public SimulatedNat Add(SimulatedNat nat)
    {
        _nats.Add(nat);
        return nat;
    }

    /// <summary>Feeds outputs a node produced (from a command) into the network.</summary>
    public void Emit(SimulatedNode node, IReadOnlyList<EngineOutput> outputs)
    {
        foreach (var output in outputs)
        {
            node.Outputs.Add(new SimulatedEvent(Now, node.Name, output));
            switch (output)
            {
                case SendDatagram send:
                    Sent.Add((Now, node.Name, send.Datagram.ToArray()));
                    byte[] datagram = Tamper?.Invoke(node.Name, send.Datagram.ToArray()) ?? send.Datagram.ToArray();
                    byte[] wire = send.NonEspMarker ? [0, 0, 0, 0, .. datagram] : datagram;
                    Put(node, send.Local, send.Remote, wire);
                    break;
                case SendNatKeepalive keepalive:
                    Put(node, keepalive.Local, keepalive.Remote, [SendNatKeepalive.Payload]);
                    break;
            }
        }
    }

    private void Put(SimulatedNode node, IPEndPoint local, IPEndPoint remote, byte[] wire)
    {
        var source = local;
        if (_nats.Find(n => n.InsideAddress.Equals(local.Address)) is { } nat) { source = nat.Outbound(local, Now); }
        Wire.Add((Now, node.Name, source, remote, wire));
        if (_random.NextDouble() < Conditions.Loss) { return; }
        int copies = _random.NextDouble() < Conditions.Duplication ? 2 : 1;
        for (int i = 0; i < copies; i++)
        {
            var delay = Latency + TimeSpan.FromTicks((long)(_random.NextDouble() * Conditions.MaxExtraDelay.Ticks));
            _inFlight.Add((Now + delay, _order++, remote, source, Rewrite?.Invoke(node.Name, (byte[])wire.Clone()) ?? wire));
        }
    }

    private void Deliver(IPEndPoint to, IPEndPoint from, byte[] wire)
    {
        if (_nats.Find(n => n.PublicAddress.Equals(to.Address)) is { } nat)
        {
            if (nat.Inbound(to.Port, Now) is not { } inside) { return; }
            to = inside;
        }
        var node = _nodes.Find(n => n.Address.Address.Equals(to.Address));
        if (node is null) { return; }
        ReadOnlySpan<byte> message = wire;
        if (to.Port == NatTraversalPort)
        {
            if (wire is [SendNatKeepalive.Payload])
            {
                KeepalivesDelivered++;
                return;
            }
            if (wire.Length < 4 || wire[0] != 0 || wire[1] != 0 || wire[2] != 0 || wire[3] != 0)
            {
                UnmarkedOn4500++;
                return;
            }
            message = message[4..];
        }
        Emit(node, node.Receive(message, to, from, Now));
    }

    /// <summary>Runs for exactly <paramref name="span"/> of virtual time: the clock ends there even when nothing happened.</summary>
    public void RunFor(TimeSpan span)
    {
        var end = Now + span;
        Run(span);
        if (Now < end) { Now = end; }
    }

    /// <summary>Runs until nothing is in flight and no engine waits for time, or until <paramref name="limit"/> of virtual time passed.</summary>
    public void Run(TimeSpan limit)
    {
        var end = Now + limit;
        while (true)
        {
            DateTimeOffset? next = null;
            foreach (var node in _nodes)
            {
                if (node.NextDeadline is { } d && (next is null || d < next)) { next = d; }
            }
            var delivery = _inFlight.Count == 0 ? default : _inFlight.MinBy(f => (f.At, f.Order));
            if (_inFlight.Count > 0 && (next is null || delivery.At <= next)) { next = delivery.At; }
            if (next is null || next > end) { break; }
            if (next > Now) { Now = next.Value; }
            if (_inFlight.Count > 0 && delivery.At <= Now)
            {
                _inFlight.Remove(delivery);
                Deliver(delivery.To, delivery.From, delivery.Wire);
                continue;
            }
            foreach (var node in _nodes)
            {
                if (node.NextDeadline is { } d && d <= Now) { Emit(node, node.OnTimer(Now)); }
            }
        }
        // Time passes up to the limit even when nothing happens (keepalive gaps, NAT idle timeouts).
        if (end > Now && end < DateTimeOffset.MaxValue) { Now = end; }
    }
}
