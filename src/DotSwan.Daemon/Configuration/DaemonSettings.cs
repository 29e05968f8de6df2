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

    /// <summary>
    /// From how many half-open IKE SAs (responder, waiting for IKE_AUTH) every new IKE_SA_INIT is answered with a COOKIE
    /// first (RFC 7296 §2.6; strongSwan's <c>cookie_threshold</c>, 30 in 5.9.8). <see cref="int.MaxValue"/> (<c>never</c>)
    /// turns cookies off, like strongSwan's <c>dos_protection = no</c>; 0 asks every initiator for one.
    /// </summary>
    public int CookieThreshold { get; init; } = 30;

    /// <summary>Hard limit of half-open IKE SAs: beyond it new IKE_SA_INIT requests are dropped, cookie or not.</summary>
    public int HalfOpenLimit { get; init; } = 2048;

    /// <summary>How long a responder keeps an IKE SA that got no IKE_AUTH (strongSwan's <c>half_open_timeout</c>, 30 s).</summary>
    public TimeSpan HalfOpenTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Log level of categories without their own level.</summary>
    public LogLevel DefaultLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Log levels per subsystem (ike, ipsec, net, control, config, daemon).</summary>
    public IReadOnlyDictionary<string, LogLevel> LogLevels { get; init; } = new Dictionary<string, LogLevel>();
}
