using System.Net;

namespace DotSwan.Ike.TrafficSelectors;

/// <summary>
/// A configured traffic selector: either a fixed <see cref="TrafficSelector"/> or strongSwan's <c>dynamic</c>
/// placeholder, which stands for the host's own (or the peer's, or a virtual IP) address once it is known, keeping the
/// protocol and ports written after it (<c>dynamic[udp/1701]</c>).
/// </summary>
public sealed record TrafficSelectorSpec
{
    private TrafficSelectorSpec(TrafficSelector? fixedSelector, byte protocol, ushort startPort, ushort endPort)
    {
        Fixed = fixedSelector;
        Protocol = protocol;
        StartPort = startPort;
        EndPort = endPort;
    }

    /// <summary>The fixed selector, or null for <c>dynamic</c>.</summary>
    public TrafficSelector? Fixed { get; }

    /// <summary>True for the <c>dynamic</c> placeholder.</summary>
    public bool IsDynamic => Fixed is null;

    /// <summary>Protocol of a dynamic selector (0 = any).</summary>
    public byte Protocol { get; }

    /// <summary>First port of a dynamic selector.</summary>
    public ushort StartPort { get; }

    /// <summary>Last port of a dynamic selector.</summary>
    public ushort EndPort { get; }

    /// <summary>A fixed selector.</summary>
    public static TrafficSelectorSpec Of(TrafficSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(selector, selector.Protocol, selector.StartPort, selector.EndPort);
    }

    /// <summary>The <c>dynamic</c> placeholder with an optional protocol and port range.</summary>
    public static TrafficSelectorSpec Dynamic(byte protocol = 0, ushort startPort = 0, ushort endPort = ushort.MaxValue) =>
        new(null, protocol, startPort, endPort);

    /// <summary>The concrete selector: the fixed one, or a host selector for <paramref name="dynamicAddress"/>.</summary>
    public TrafficSelector Resolve(IPAddress dynamicAddress)
    {
        ArgumentNullException.ThrowIfNull(dynamicAddress);
        if (Fixed is not null) { return Fixed; }
        int bits = dynamicAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        return TrafficSelector.FromSubnet(dynamicAddress, bits, Protocol, StartPort, EndPort);
    }

    /// <summary>The configuration notation (<c>dynamic</c>, <c>dynamic[tcp/443]</c> or the fixed selector's).</summary>
    public override string ToString()
    {
        if (Fixed is not null) { return Fixed.ToString(); }
        // Format the port part by resolving against a placeholder and keeping only the bracket.
        string text = Resolve(IPAddress.Any).ToString();
        int bracket = text.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? "dynamic" : "dynamic" + text[bracket..];
    }
}
