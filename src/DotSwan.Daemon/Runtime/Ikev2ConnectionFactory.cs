using System.Net;
using DotSwan.Crypto;
using DotSwan.Daemon.Configuration;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Ikev2;

namespace DotSwan.Daemon.Runtime;

/// <summary>Turns a configured connection into the engine's <see cref="Ikev2Connection"/> (the one place that maps configuration onto the engine's API).</summary>
internal static class Ikev2ConnectionFactory
{
    /// <summary>
    /// The engine connection; <paramref name="psk"/> (empty when neither side uses one) and <paramref name="credentials"/>
    /// (for auth pubkey) are owned by the caller and must outlive the engine.
    /// </summary>
    public static Ikev2Connection Create(ConnectionConfig connection, DaemonSettings daemon, SecretBytes psk, CertificateCredentials? credentials = null)
    {
        var local = connection.LocalAddresses[0];
        var remote = connection.RemoteAddresses.Count > 0 ? connection.RemoteAddresses[0]
            : local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var child = connection.Children[0];
        return new Ikev2Connection(
            connection.Name,
            new IPEndPoint(local, daemon.IkePort),
            new IPEndPoint(remote, connection.RemotePort),
            connection.Local.Identity,
            connection.Remote.Identity,
            psk,
            connection.IkeProposals,
            child.EspProposals,
            [.. child.LocalTrafficSelectors.Select(s => s.Resolve(local))],
            [.. child.RemoteTrafficSelectors.Select(s => s.Resolve(remote))],
            child.Mode)
        {
            LocalAuthentication = connection.Local.Method == AuthMethod.PublicKey ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
            RemoteAuthentication = connection.Remote.Method == AuthMethod.PublicKey ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
            LocalCertificate = credentials?.Local,
            CertificateTrust = credentials?.Trust,
        };
    }
}
