using System.Net;
using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>
/// A deterministic network of engines under a virtual clock: datagrams are delivered after a base latency plus a
/// seeded random delay, and may be lost or duplicated. Time jumps straight to the next delivery or engine deadline.
/// </summary>
internal sealed class SimulatedNetwork
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(10);

    private readonly List<SimulatedNode> _nodes = [];
    private readonly List<(DateTimeOffset At, long Order, SimulatedNode To, IPEndPoint From, byte[] Datagram)> _inFlight = [];
    private readonly Random _random;
    private long _order;

    public SimulatedNetwork(int seed, NetworkConditions conditions)
    {
        _random = new Random(seed);
        Conditions = conditions;
    }

    public NetworkConditions Conditions { get; set; }

    public DateTimeOffset Now { get; private set; } = Epoch;

    /// <summary>An attacker on the path: rewrites each datagram (sender name, bytes) before delivery; null leaves them alone.</summary>
    public Func<string, byte[], byte[]>? Tamper { get; set; }

    /// <summary>Every datagram put on the wire (before loss), with sender and time.</summary>
    public List<(DateTimeOffset Time, string From, byte[] Datagram)> Sent { get; } = [];

    public SimulatedNode Add(SimulatedNode node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>Feeds outputs a node produced (from a command) into the network.</summary>
    public void Emit(SimulatedNode node, IReadOnlyList<EngineOutput> outputs)
    {
        foreach (var output in outputs)
        {
            node.Outputs.Add(new SimulatedEvent(Now, node.Name, output));
            if (output is not SendDatagram send) { continue; }
            Sent.Add((Now, node.Name, send.Datagram.ToArray()));
            var to = _nodes.Find(n => n.Address.Equals(send.Remote));
            var datagram = Tamper?.Invoke(node.Name, send.Datagram.ToArray()) ?? send.Datagram.ToArray();
            if (to is null || _random.NextDouble() < Conditions.Loss) { continue; }
            int copies = _random.NextDouble() < Conditions.Duplication ? 2 : 1;
            for (int i = 0; i < copies; i++)
            {
                var delay = Latency + TimeSpan.FromTicks((long)(_random.NextDouble() * Conditions.MaxExtraDelay.Ticks));
                _inFlight.Add((Now + delay, _order++, to, send.Local, datagram.ToArray()));
            }
        }
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
                if (node.Engine.NextDeadline is { } d && (next is null || d < next)) { next = d; }
            }
            var delivery = _inFlight.Count == 0 ? default : _inFlight.MinBy(f => (f.At, f.Order));
            if (_inFlight.Count > 0 && (next is null || delivery.At <= next)) { next = delivery.At; }
            if (next is null || next > end) { break; }
            if (next > Now) { Now = next.Value; }
            if (_inFlight.Count > 0 && delivery.At <= Now)
            {
                _inFlight.Remove(delivery);
                Emit(delivery.To, delivery.To.Engine.Receive(delivery.Datagram, delivery.To.Address, delivery.From, Now));
                continue;
            }
            foreach (var node in _nodes)
            {
                if (node.Engine.NextDeadline is { } d && d <= Now) { Emit(node, node.Engine.OnTimer(Now)); }
            }
        }
    }
}
