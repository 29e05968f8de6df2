using System.Net;
using DotSwan.Crypto;
using DotSwan.Daemon.Configuration;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Ikev1;

namespace DotSwan.Daemon.Runtime;

/// <summary>Turns a configured <c>version: 1</c> connection into the IKEv1 engine's <see cref="Ikev1Connection"/> (the one place that maps IKEv1 configuration onto the engine's API).</summary>
internal static class Ikev1ConnectionFactory
{
    /// <summary>
    /// The engine connection; <paramref name="psk"/> (empty with auth pubkey) and <paramref name="credentials"/> (for auth
    /// pubkey: RSA certificate and key, CAs) are owned by the caller and must outlive the engine.
    /// </summary>
    public static Ikev1Connection Create(ConnectionConfig connection, DaemonSettings daemon, SecretBytes psk, CertificateCredentials? credentials = null)
    {
        var options = connection.Ikev1 ?? Ikev1Options.Default;
        var (local, remote) = ConnectionAddresses.Of(connection);
        var child = connection.Children[0];
        return new Ikev1Connection(
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
            KeyProtection = KeyProtection(connection, child, options),
            AhProposals = child.AhProposals,
            AggressiveMode = options.Aggressive,
            DeadPeerDetectionDelay = connection.DpdDelay,
            // The TUN data plane carries ESP in UDP only: force encapsulation as strongSwan's encap=yes does.
            ForceEncapsulation = connection.ForceEncapsulation || daemon.DataPlane == DataPlaneKind.Tun,
            LogKeys = daemon.KeyLog,
            Authentication = connection.Local.Method == AuthMethod.PublicKey ? AuthenticationClass.PublicKey : AuthenticationClass.SharedKey,
            LocalCertificate = credentials?.Local,
            CertificateTrust = credentials?.Trust,
            NatTraversalPort = daemon.NatTraversalPort,
            MasterKeyLifeKilobytes = Ikev1ConfigReader.Kilobytes(connection.Lifetime.Hard.Bytes),
        };
    }

    /// <summary>The negotiated (hard) lifetimes of the configuration, the byte cap in kilobytes, the update limit and the PFS mode.</summary>
    public static Ikev1KeyProtection KeyProtection(ConnectionConfig connection, ChildConfig child, Ikev1Options options) => new(
        connection.Lifetime.Hard.Time ?? Ikev1ConfigReader.DefaultPhase1Lifetime,
        child.Lifetime.Hard.Time ?? Ikev1ConfigReader.DefaultPhase2Lifetime,
        Ikev1ConfigReader.Kilobytes(child.Lifetime.Hard.Bytes),
        options.SessionKeyUpdateLimit,
        SessionKeyPfs: options.PfsMode == Ikev1PfsMode.Session,
        MasterKeyPfs: options.PfsMode == Ikev1PfsMode.Master);
}
