using System.Net;
using System.Net.Sockets;
using DotSwan.Daemon.Configuration;

namespace DotSwan.Daemon.Runtime;

/// <summary>The addresses an engine connection of either IKE version is built on.</summary>
internal static class ConnectionAddresses
{
    /// <summary>The connection's first local address and its first remote one, or the any-address of the local family for %any.</summary>
    public static (IPAddress Local, IPAddress Remote) Of(ConnectionConfig connection)
    {
        var local = connection.LocalAddresses[0];
        var remote = connection.RemoteAddresses.Count > 0 ? connection.RemoteAddresses[0]
            : local.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        return (local, remote);
    }
}
