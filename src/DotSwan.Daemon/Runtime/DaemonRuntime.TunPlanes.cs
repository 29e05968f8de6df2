using System.Net;
using DotSwan.Daemon.DataPlane;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Runtime;

/// <summary>The TUN data plane on every listen address (IPv4 and IPv6).</summary>
internal sealed partial class DaemonRuntime
{
    /// <summary>
    /// One TUN data plane per listen address: ESP in UDP on that address's NAT-T socket, a TUN device routing the remote
    /// selectors of the connections and manual tunnels whose local address it is (those with another local address go to the
    /// first listen address of their family, else the first). One address: one plane on daemon.tun_name, as always.
    /// </summary>
    private IDataPlane CreateTunDataPlanes()
    {
        var routes = _nattSockets.Select(_ => new List<Ike.TrafficSelectors.TrafficSelector>()).ToList();
        foreach (var connection in _config.Connections)
        {
            var local = connection.LocalAddresses.Count > 0 ? connection.LocalAddresses[0] : IPAddress.Any;
            var remote = connection.RemoteAddresses.Count > 0 ? connection.RemoteAddresses[0] : IPAddress.Any;
            routes[SocketIndex(local)].AddRange(connection.Children.SelectMany(ch => ch.RemoteTrafficSelectors.Select(s => s.Resolve(remote))));
        }

        foreach (var tunnel in _config.Manual)
        {
            routes[SocketIndex(tunnel.LocalAddress)].AddRange(tunnel.RemoteTrafficSelectors);
        }

        _dataPlaneSockets.AddRange(_nattSockets);
        var daemon = _config.Daemon;
        if (_nattSockets.Count == 1)
        {
            return new TunChildSaDataPlane(daemon.TunName, daemon.TunMtu, TunChildSaDataPlane.Routes(routes[0]), _nattSockets[0].Transport);
        }

        var planes = new List<(IPAddress, TunChildSaDataPlane)>();
        try
        {
            for (int i = 0; i < _nattSockets.Count; i++)
            {
                string name = TunDataPlaneSet.DeviceName(daemon.TunName, i);
                planes.Add((_nattSockets[i].LocalEndPoint.Address,
                    new TunChildSaDataPlane(name, daemon.TunMtu, TunChildSaDataPlane.Routes(routes[i]), _nattSockets[i].Transport)));
                _ipsec.LogInformation("TUN {Name} carries ESP on {Address}", name, _nattSockets[i].LocalEndPoint);
            }
        }
        catch
        {
            foreach (var (_, plane) in planes)
            {
                plane.Dispose();
            }

            throw;
        }

        return new TunDataPlaneSet(planes);
    }

    /// <summary>The NAT-T socket whose TUN data plane carries the ESP of local address <paramref name="local"/>; null on the memory data plane.</summary>
    private NatTraversalSocket? DataPlaneSocket(IPAddress local) => Pick(_dataPlaneSockets, s => s.LocalEndPoint, local) ?? _dataPlaneSockets.FirstOrDefault();

    private int SocketIndex(IPAddress local)
    {
        int exact = _nattSockets.FindIndex(s => s.LocalEndPoint.Address.Equals(local));
        int family = _nattSockets.FindIndex(s => s.LocalEndPoint.AddressFamily == local.AddressFamily);
        return exact >= 0 ? exact : family >= 0 ? family : 0;
    }
}
