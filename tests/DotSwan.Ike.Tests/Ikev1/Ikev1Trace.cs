using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>Renders what the engines of a pair did, for failure messages.</summary>
internal static class Ikev1Trace
{
    public static string Of(Ikev1EnginePair pair) =>
        string.Join('\n', pair.Moon.Outputs.Concat(pair.Sun.Outputs).OrderBy(o => o.Time)
            .Select(o => $"{(o.Time - SimulatedNetwork.Epoch).TotalSeconds,9:0.000} {o.Node} {o.Output}"));
}
