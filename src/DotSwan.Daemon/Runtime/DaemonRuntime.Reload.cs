using System.Security.Cryptography;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;
using DotSwan.Ike.Ikev2;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Runtime;

/// <summary>Configuration reload (SIGHUP or <c>dotswan reload</c>), on the loop thread.</summary>
internal sealed partial class DaemonRuntime
{
    /// <summary>
    /// Re-reads the configuration file. Connections and manual tunnels whose settings (or secret) did not change keep
    /// their SAs; changed or removed ones lose theirs (Delete sent) and changed or added ones are loaded (start actions
    /// apply). Changed daemon settings (sockets, data plane, control socket, logging) need a restart: nothing is applied
    /// then. An invalid file changes nothing.
    /// </summary>
    private ControlResponse Reload()
    {
        var result = ConfigLoader.Load(_config.Path);
        var errors = result.Errors.Concat(result.Config is null ? [] : EngineSupport.Check(result.Config)).ToList();
        if (errors.Count > 0)
        {
            return ControlResponse.Failure(ControlErrorCodes.Failed,
                $"{_config.Path} is not usable, nothing changed: {string.Join("; ", errors.Take(5))}{(errors.Count > 5 ? $" (and {errors.Count - 5} more)" : "")}");
        }

        var next = result.Config!;
        if (DaemonFingerprint(next.Daemon) != DaemonFingerprint(_config.Daemon))
        {
            return ControlResponse.Failure(ControlErrorCodes.NotSupported,
                "the daemon: section changed (sockets, data plane, control socket or logging); restart the daemon to apply it; nothing changed");
        }

        var now = DateTimeOffset.UtcNow;
        var changes = new List<string>();
        var deleted = new List<string>();
        foreach (var old in _config.Connections)
        {
            var updated = next.FindConnection(old.Name);
            if (updated is not null && Fingerprint(updated, next.Secrets) == Fingerprint(old, _config.Secrets))
            {
                continue;
            }

            if (updated is not null && updated.Version == 2 && ConnectionFingerprint(updated, next.Secrets) == ConnectionFingerprint(old, _config.Secrets))
            {
                // Only children changed: the IKE SA and the untouched children's Child SAs stay.
                ReloadChildren(old, updated, next, changes, now);
                continue;
            }

            foreach (var record in _ikeSas.Values.Where(r => r.Connection == old.Name).ToList())
            {
                if (DeleteIkeSa(record, now))
                {
                    deleted.Add(FormatId(record.Id));
                }
            }

            // The old PSK stays alive (in _psks) for IKE SAs still using the old connection until they are gone.
            _connections.Remove(old.Name);
            _ikev1Connections.Remove(old.Name);
            RemoveTraps(old);
            _scheduledStarts.Remove(old.Name);
            changes.Add(updated is null ? $"removed {old.Name}" : $"changed {old.Name}");
        }

        foreach (var connection in next.Connections.Where(c => !IsConnection(c.Name)))
        {
            AddConnection(connection, next);
            if (_config.FindConnection(connection.Name) is null)
            {
                changes.Add($"added {connection.Name}");
            }

            if (connection.Children.Any(c => c.StartAction == ConnectionAction.Start))
            {
                _scheduledStarts[connection.Name] = now;
            }
        }

        _engine!.ReplaceConnections(_connections.Values.Select(c => c.Engine));
        _ikev1!.ReplaceConnections(_ikev1Connections.Values.Select(c => c.Engine));
        ReloadManual(next, changes);
        _config = next;
        string detail = changes.Count == 0 ? "no changes" : string.Join(", ", changes);
        _ike.LogInformation("configuration reloaded from {Path}: {Detail}", next.Path, detail);
        return ControlResponse.Success(new ActionResult(next.Path, deleted, detail));
    }

    private void AddConnection(ConnectionConfig connection, DotSwanConfig config)
    {
        // With auth pubkey on both sides there is no secret: the engine then never uses the empty key.
        var secret = ConfigLoader.FindPsk(config.Secrets, connection);
        var psk = SecretBytes.CopyOf(secret is null ? [] : secret.Secret);
        _psks.Add(psk);
        if (!CertificateCredentials.TryLoad(connection, out var credentials, out string credentialError))
        {
            throw new InvalidOperationException($"connection {connection.Name}: {credentialError}");
        }

        _credentials.Add(credentials);
        if (connection.Version == 1)
        {
            AddIkev1Connection(connection, config, psk, credentials);
            return;
        }

        var engineConnection = Ikev2ConnectionFactory.Create(connection, config.Daemon, psk, credentials);
        _connections[connection.Name] = (connection, engineConnection);
        AddTraps(connection, engineConnection);
    }

    private void ReloadManual(DotSwanConfig next, List<string> changes)
    {
        foreach (var old in _config.Manual)
        {
            var updated = next.Manual.FirstOrDefault(m => m.Name == old.Name);
            if (updated is not null && Fingerprint(updated) == Fingerprint(old))
            {
                continue;
            }

            if (_manualUp.Remove(old.Name, out var record))
            {
                _dataPlane!.Remove(record.InboundSpi, record.OutboundSpi);
            }

            changes.Add(updated is null ? $"removed manual {old.Name}" : $"changed manual {old.Name}");
        }

        foreach (var tunnel in next.Manual.Where(m => !_manualUp.ContainsKey(m.Name)))
        {
            bool isNew = _config.Manual.All(m => m.Name != tunnel.Name);
            if (InstallManual(tunnel, out var error) is null)
            {
                changes.Add($"manual {tunnel.Name} not installed: {error}");
            }
            else if (isNew)
            {
                changes.Add($"added manual {tunnel.Name}");
            }
        }
    }

    private static string DaemonFingerprint(DaemonSettings d) =>
        string.Join('|', string.Join(',', d.Listen), d.IkePort, d.NatTraversalPort, d.ControlSocket, d.DataPlane, d.TunName, d.TunMtu, d.KeyLog,
            d.MetricsListen, d.CookieThreshold, d.HalfOpenLimit, d.HalfOpenTimeout, d.DefaultLogLevel, string.Join(',', d.LogLevels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));

    /// <summary>Everything that makes a connection what it is, with its secret only as a hash.</summary>
    private static string Fingerprint(ConnectionConfig c, IReadOnlyList<PskSecret> secrets) =>
        ConnectionFingerprint(c, secrets) + string.Concat(c.Children.Select(child => "|" + ChildFingerprint(child)));

    /// <summary>The connection without its children (what its IKE SA depends on), with its secret only as a hash.</summary>
    private static string ConnectionFingerprint(ConnectionConfig c, IReadOnlyList<PskSecret> secrets)
    {
        var text = new StringBuilder()
            .AppendJoin('|', c.Version, string.Join(',', c.LocalAddresses), string.Join(',', c.RemoteAddresses), c.RemotePort,
                string.Join(',', c.IkeProposals), Side(c.Local), Side(c.Remote), c.Lifetime, c.DpdDelay, c.ForceEncapsulation, c.Ikev1);
        var psk = ConfigLoader.FindPsk(secrets, c);
        text.Append('|').Append(psk is null ? "" : Convert.ToHexString(SHA256.HashData(psk.Secret)));
        return text.ToString();

        static string Side(AuthConfig a) => $"{a.Identity};{a.Method};{string.Join(',', a.Certificates)};{a.PrivateKey};{string.Join(',', a.CaCertificates)}";
    }

    private static string ChildFingerprint(ChildConfig child) =>
        string.Join(';', child.Name, string.Join(',', child.LocalTrafficSelectors), string.Join(',', child.RemoteTrafficSelectors),
            string.Join(',', child.EspProposals), string.Join(',', child.AhProposals), child.Mode, child.Lifetime, child.StartAction, child.CloseAction);

    private static string Fingerprint(ManualTunnelConfig m) =>
        string.Join('|', m.LocalAddress, m.RemoteAddress, string.Join(',', m.LocalTrafficSelectors), string.Join(',', m.RemoteTrafficSelectors),
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{Side(m.Inbound)}|{Side(m.Outbound)}"))));

    private static string Side(Ipsec.Manual.ManualSa sa) =>
        $"{sa.Spi};{sa.Algorithms};{sa.EncryptionKey};{sa.IntegrityKey};{sa.Mode};{sa.UdpEncapsulation};{sa.ExtendedSequenceNumbers};{sa.ReplayWindowSize}";
}
