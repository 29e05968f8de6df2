using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>One engine (IKEv2 or IKEv1) on the simulated network, with the outputs it produced.</summary>
internal sealed class SimulatedNode
{
    private readonly Ikev2Engine? _ikev2;
    private readonly Ikev1Engine? _ikev1;

    public SimulatedNode(string name, IPEndPoint address, Ikev2Engine engine)
    {
        Name = name;
        Address = address;
        _ikev2 = engine;
    }

    public SimulatedNode(string name, IPEndPoint address, Ikev1Engine engine)
    {
        Name = name;
        Address = address;
        _ikev1 = engine;
    }

    public string Name { get; }

    public IPEndPoint Address { get; }

    public Ikev2Engine Engine => _ikev2 ?? throw new InvalidOperationException($"{Name} runs IKEv1");

    public Ikev1Engine Ikev1Engine => _ikev1 ?? throw new InvalidOperationException($"{Name} runs IKEv2");

    public DateTimeOffset? NextDeadline => _ikev2 is not null ? _ikev2.NextDeadline : _ikev1!.NextDeadline;

    public IReadOnlyList<EngineOutput> Receive(ReadOnlySpan<byte> datagram, IPEndPoint to, IPEndPoint from, DateTimeOffset now) =>
        _ikev2 is not null ? _ikev2.Receive(datagram, to, from, now) : _ikev1!.Receive(datagram, to, from, now);

    public IReadOnlyList<EngineOutput> Receive(byte[] datagram, IPEndPoint from, DateTimeOffset now) => Receive(datagram, Address, from, now);

    public IReadOnlyList<EngineOutput> OnTimer(DateTimeOffset now) => _ikev2 is not null ? _ikev2.OnTimer(now) : _ikev1!.OnTimer(now);

    public List<SimulatedEvent> Outputs { get; } = [];

    public IEnumerable<T> Of<T>() where T : EngineOutput => Outputs.Select(o => o.Output).OfType<T>();
}
