using System.Net;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// What the daemon's engine loop needs from an IPsec data plane: install and remove Child SAs, read their counters, and
/// traps (selectors whose first packet should start a connection). Called from the engine loop thread only.
/// </summary>
internal interface IDataPlane : IDisposable
{
    /// <summary>"tun dotswan0" or "memory", for logs and stats.</summary>
    string Description { get; }

    /// <summary>Starts packet processing.</summary>
    void Start();

    /// <summary>Stops packet processing (bounded).</summary>
    void Stop();

    /// <summary>Installs both directions; false with a reason when the data plane refuses.</summary>
    bool TryInstall(ChildSaInstallation installation, out string? error);

    /// <summary>Removes both directions (unknown SPIs are ignored).</summary>
    void Remove(uint inboundSpi, uint outboundSpi);

    /// <summary>Sends the ESP of the Child SA with outbound SPI <paramref name="outboundSpi"/> to <paramref name="peer"/> from now on (the peer's NAT mapping moved).</summary>
    void UpdatePeer(uint outboundSpi, IPEndPoint peer);

    /// <summary>SAs that reached a soft or hard lifetime (bytes, packets) since the last call.</summary>
    IReadOnlyList<(uint Spi, SaDirection Direction, bool Hard)> CollectExpiries(DateTimeOffset now);

    /// <summary>Counters of an installed Child SA; zeros when unknown.</summary>
    ChildSaTraffic Traffic(uint inboundSpi, uint outboundSpi);

    /// <summary>Registers a trap: traffic from <paramref name="local"/> to <paramref name="remote"/> without an SA asks for <paramref name="name"/> to be started.</summary>
    void AddTrap(string name, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote);

    /// <summary>Removes the traps of <paramref name="name"/>.</summary>
    void RemoveTrap(string name);

    /// <summary>Names of traps that saw traffic since the last call (each reported once per hit).</summary>
    IReadOnlyList<string> TakeTriggeredTraps();

    /// <summary>Data plane counters as name/value pairs for <c>dotswan stats</c>.</summary>
    IReadOnlyDictionary<string, long> Statistics();
}
