using System.Net;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Configuration;

/// <summary>The <c>daemon:</c> section: sockets, data plane, control socket, logging.</summary>
public sealed record DaemonSettings
{
    /// <summary>The default control socket path.</summary>
    public const string DefaultControlSocket = "/run/dotswan/control.sock";

    /// <summary>Addresses to bind IKE (and NAT-T) sockets to; empty means the connections' local addresses.</summary>
    public IReadOnlyList<IPAddress> Listen { get; init; } = [];

    /// <summary>The IKE port (500).</summary>
    public int IkePort { get; init; } = 500;

    /// <summary>The NAT-T port (4500): IKE behind the non-ESP marker and ESP in UDP.</summary>
    public int NatTraversalPort { get; init; } = 4500;

    /// <summary>The Unix domain socket of the control API.</summary>
    public string ControlSocket { get; init; } = DefaultControlSocket;

    /// <summary>The data plane.</summary>
    public DataPlaneKind DataPlane { get; init; } = DataPlaneKind.Tun;

    /// <summary>The TUN interface name (TUN data plane).</summary>
    public string TunName { get; init; } = "dotswan0";

    /// <summary>The TUN interface MTU.</summary>
    public int TunMtu { get; init; } = 1400;

    /// <summary>Whether negotiated keys are kept so <c>dotswan keys export</c> can write Wireshark tables. Off by default.</summary>
    public bool KeyLog { get; init; }

    /// <summary>Where to serve Prometheus text metrics (GET /metrics), or null for none.</summary>
    public IPEndPoint? MetricsListen { get; init; }

    /// <summary>Log level of categories without their own level.</summary>
    public LogLevel DefaultLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Log levels per subsystem (ike, ipsec, net, control, config, daemon).</summary>
    public IReadOnlyDictionary<string, LogLevel> LogLevels { get; init; } = new Dictionary<string, LogLevel>();
}
