using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>An output of one engine at a virtual time.</summary>
internal sealed record SimulatedEvent(DateTimeOffset Time, string Node, EngineOutput Output);
