using System.Globalization;
using System.Net;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// One side of a <see cref="NetworkNamespacePair"/>: a Linux network namespace with its veth end, outer and inner
/// address. Runs commands and starts daemons inside it; owned (and deleted) by the pair.
/// </summary>
public sealed class NetworkNamespace
{
    internal NetworkNamespace(string name, string interfaceName, IPAddress outerAddress, IPAddress innerAddress, string trafficSelector)
    {
        Name = name;
        InterfaceName = interfaceName;
        OuterAddress = outerAddress;
        InnerAddress = innerAddress;
        TrafficSelector = trafficSelector;
    }

    /// <summary>The namespace name as `ip netns list` shows it.</summary>
    public string Name { get; }

    /// <summary>This side's end of the veth pair.</summary>
    public string InterfaceName { get; }

    /// <summary>The veth address (IKE and ESP run between the two outer addresses).</summary>
    public IPAddress OuterAddress { get; }

    /// <summary>The inner address on lo: source and destination of traffic through the tunnel.</summary>
    public IPAddress InnerAddress { get; }

    /// <summary>The subnet this side protects (contains <see cref="InnerAddress"/>).</summary>
    public string TrafficSelector { get; }

    /// <summary>Runs a command inside the namespace (`ip netns exec`), bounded by <paramref name="timeout"/>.</summary>
    public CommandResult Run(
        string program, IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null) =>
        LabCommand.Run("ip", new[] { "netns", "exec", Name, program }.Concat(arguments), timeout, environment);

    /// <summary>Runs a command inside the namespace with the default time limit.</summary>
    public CommandResult Run(string program, params string[] arguments) => Run(program, arguments, timeout: null);

    /// <summary>
    /// Pings <paramref name="destination"/> <paramref name="count"/> times from inside the namespace, from
    /// <paramref name="source"/> when given (use the inner address so the packets match the traffic selectors).
    /// </summary>
    public CommandResult Ping(IPAddress destination, IPAddress? source = null, int count = 3)
    {
        var arguments = new List<string> { "-n", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", "2" };
        if (source is not null) { arguments.AddRange(["-I", source.ToString()]); }
        arguments.Add(destination.ToString());
        return Run("ping", arguments, TimeSpan.FromSeconds(5 + (3 * count)));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({InterfaceName} {OuterAddress}, inner {InnerAddress})";
}
