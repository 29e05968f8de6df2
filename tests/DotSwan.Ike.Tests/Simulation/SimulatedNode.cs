using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>One engine on the simulated network, with the outputs it produced.</summary>
internal sealed class SimulatedNode(string name, IPEndPoint address, Ikev2Engine engine)
{
    public string Name { get; } = name;

    public IPEndPoint Address { get; } = address;

    public Ikev2Engine Engine { get; } = engine;

    public List<SimulatedEvent> Outputs { get; } = [];

    public IEnumerable<T> Of<T>() where T : EngineOutput => Outputs.Select(o => o.Output).OfType<T>();
}
