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
        // Children[0] is negotiated in IKE_AUTH; the others are the engine's AdditionalChildren (CREATE_CHILD_SA).
        // The TUN data plane carries ESP in UDP only: force encapsulation as strongSwan's encap=yes does.
        bool encapsulate = connection.ForceEncapsulation || daemon.DataPlane == DataPlaneKind.Tun;
        var (local, remote) = ConnectionAddresses.Of(connection);
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
            child.Mode,
            Lifetimes: Lifetimes(connection, child))
        {
            NatTraversal = new NatTraversalSettings(ForceEncapsulation: encapsulate),
            LocalAuthentication = connection.Local.Method == AuthMethod.PublicKey ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
            RemoteAuthentication = connection.Remote.Method == AuthMethod.PublicKey ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
            LocalCertificate = credentials?.Local,
            CertificateTrust = credentials?.Trust,
            LogKeys = daemon.KeyLog,
            ChildName = child.Name,
            AdditionalChildren = [.. connection.Children.Skip(1).Select(c => new Ikev2ChildConfig(c.Name, c.EspProposals,
                [.. c.LocalTrafficSelectors.Select(s => s.Resolve(local))], [.. c.RemoteTrafficSelectors.Select(s => s.Resolve(remote))], c.Mode,
                Lifetimes(connection, c)))],
        };
    }

    /// <summary>The engine's rekey and expiry times from the configured soft (rekey) and hard (expire) times; no soft time: no rekeying.</summary>
    public static Ikev2Lifetimes Lifetimes(ConnectionConfig connection, ChildConfig child)
    {
        var ikeRekey = connection.Lifetime.Soft.Time ?? TimeSpan.Zero;
        var ikeOver = connection.Lifetime.Hard.Time is { } ikeHard && ikeHard > ikeRekey ? ikeHard - ikeRekey : ikeRekey / 10;
        var childRekey = child.Lifetime.Soft.Time ?? TimeSpan.Zero;
        var childLife = child.Lifetime.Hard.Time ?? (childRekey + childRekey / 10);
        return new Ikev2Lifetimes(ikeRekey, ikeOver, ikeOver, childRekey, childLife, childLife > childRekey ? childLife - childRekey : TimeSpan.Zero);
    }
}
