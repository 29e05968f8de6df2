using System.Globalization;

namespace DotSwan.Daemon.Configuration;

/// <summary>
/// The IKEv1 side of the connection syntax: the keys only <c>version: 1</c> has (<c>aggressive</c>, <c>pfs_mode</c>,
/// <c>session_key_update_limit</c>) and IKEv1's lifetimes. IKEv1 negotiates one lifetime per SA, proposed by the
/// initiator, and DotSwan renegotiates at 90% of it; so a version 1 <c>lifetime</c> is <c>{ time, bytes | kilobytes }</c>
/// where IKEv2 has <c>soft</c>/<c>hard</c>. Each form is refused on the other version with a message saying which to use.
/// </summary>
internal static class Ikev1ConfigReader
{
    /// <summary>Connection keys that only an IKEv1 connection accepts.</summary>
    public static IReadOnlyList<string> ConnectionKeys { get; } = ["aggressive", "pfs_mode", "session_key_update_limit"];

    /// <summary>Default phase 1 (ISAKMP SA) lifetime: 8 h, RFC 2407's 28800 s.</summary>
    public static TimeSpan DefaultPhase1Lifetime { get; } = TimeSpan.FromHours(8);

    /// <summary>Default Quick Mode (IPsec SA) lifetime: 1 h.</summary>
    public static TimeSpan DefaultPhase2Lifetime { get; } = TimeSpan.FromHours(1);

    /// <summary>Default byte cap of an IPsec SA: 100 MB.</summary>
    public const ulong DefaultPhase2Bytes = 100UL * 1024 * 1024;

    private static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);
    private static readonly string[] LifetimeKeys = ["time", "bytes", "kilobytes"];
    private static readonly string[] Ikev2LifetimeKeys = ["soft", "hard"];

    /// <summary>The IKEv1 options of a connection of <paramref name="version"/>; on version 2 their keys are reported and null returned.</summary>
    public static Ikev1Options? ReadOptions(YamlSection section, int version)
    {
        if (version != 1)
        {
            foreach (string key in ConnectionKeys.Where(k => section.Node(k) is not null))
            {
                section.ReportValue(key, $"is an IKEv1 setting but this connection has version {version}; allowed: remove it, or set version: 1");
            }

            return null;
        }

        bool aggressive = section.Bool("aggressive", false);
        var pfs = section.Choice("pfs_mode", Ikev1PfsMode.None, ("none", Ikev1PfsMode.None), ("session", Ikev1PfsMode.Session), ("master", Ikev1PfsMode.Master));
        int limit = (int)section.Integer("session_key_update_limit", 0, 0, 1_000_000);
        return new Ikev1Options(aggressive, pfs, limit);
    }

    /// <summary>The phase 1 (ISAKMP SA) lifetime under <c>connections.NAME.lifetime</c>: <c>{ time, bytes | kilobytes }</c>, 8 h and no byte limit by default.</summary>
    public static LifetimeConfig ReadPhase1Lifetime(YamlSection? section) => Read(section, phase1: true);

    /// <summary>The Quick Mode (IPsec SA) lifetime under <c>children.NAME.lifetime</c>: <c>{ time, bytes | kilobytes }</c>, 1 h and 100 MB by default.</summary>
    public static LifetimeConfig ReadPhase2Lifetime(YamlSection? section) => Read(section, phase1: false);

    /// <summary>An IKEv1 lifetime as the daemon's soft/hard pair: hard is the negotiated value, soft the 90% at which DotSwan renegotiates.</summary>
    public static LifetimeConfig FromNegotiated(TimeSpan time, ulong? bytes) => new(
        new LifetimeLimits(TimeSpan.FromTicks((long)(time.Ticks * Ike.Ikev1.Ikev1KeyProtection.RekeyFraction)),
            bytes is { } b ? (ulong)(b * Ike.Ikev1.Ikev1KeyProtection.RekeyFraction) : null),
        new LifetimeLimits(time, bytes));

    /// <summary>Kilobytes for the engine (rounded up) from a byte cap; 0 means no byte limit.</summary>
    public static ulong Kilobytes(ulong? bytes) => bytes is { } b && b > 0 ? (b + 1023) / 1024 : 0;

    private static LifetimeConfig Read(YamlSection? section, bool phase1)
    {
        var defaults = phase1 ? FromNegotiated(DefaultPhase1Lifetime, null) : FromNegotiated(DefaultPhase2Lifetime, DefaultPhase2Bytes);
        if (section is null)
        {
            return defaults;
        }

        string[] allowed = LifetimeKeys;
        bool ok = true;
        foreach (string key in section.Keys.ToList())
        {
            if (Ikev2LifetimeKeys.Contains(key, StringComparer.Ordinal))
            {
                section.ReportValue(key, $"soft/hard lifetimes are IKEv2's; IKEv1 negotiates one lifetime per SA and DotSwan renegotiates at 90% of it; allowed here: {string.Join(", ", allowed)}");
                ok = false;
            }
            else if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                section.ReportValue(key, $"unknown key '{key}'; allowed here: {string.Join(", ", allowed)}");
                ok = false;
            }
        }

        var time = section.Duration("time");
        if (time is { } t && (t < MinLifetime || t > MaxLifetime))
        {
            section.ReportValue("time", string.Create(CultureInfo.InvariantCulture, $"{t} is not allowed; allowed: from 10s to 365d"));
            ok = false;
        }

        var byteCount = section.Bytes("bytes");
        long? kilobytes = section.Node("kilobytes") is null ? null : section.Integer("kilobytes", 0, 0, uint.MaxValue);
        if (byteCount is not null && kilobytes is not null)
        {
            section.ReportValue("kilobytes", "give bytes or kilobytes, not both");
            ok = false;
        }

        ulong? bytes = byteCount ?? (kilobytes is { } kb ? (ulong)kb * 1024 : defaults.Hard.Bytes);
        bytes = bytes == 0 ? null : bytes;

        return ok ? FromNegotiated(time ?? defaults.Hard.Time!.Value, bytes) : defaults;
    }

    /// <summary>
    /// <c>children.NAME.ah_proposals</c> (strongSwan's key, e.g. <c>[sha256]</c>): Quick Mode proposes AH with these integrity
    /// algorithms instead of ESP. Version 1 only (the IKEv2 engine negotiates ESP); absent: empty.
    /// </summary>
    public static IReadOnlyList<Ike.Proposals.CryptoSuite> ReadAhProposals(YamlSection section, int version)
    {
        var items = section.List("ah_proposals");
        if (items is null)
        {
            return [];
        }

        if (version != 1)
        {
            section.ReportValue("ah_proposals", $"AH is negotiated by IKEv1 connections only but this connection has version {version}; allowed: remove it, or set version: 1");
            return [];
        }

        string text = string.Join(',', items.Select(i => i.Text));
        if (text.Length == 0)
        {
            section.ReportValue("ah_proposals", "is empty; allowed: integrity algorithms such as sha256 or sha1");
            return [];
        }

        if (!Ike.Proposals.ProposalParser.TryParseList(text, Ike.Proposals.ProposalProtocol.Ah, out var suites, out var error))
        {
            section.ReportValue("ah_proposals", error.Message);
            return [];
        }

        if (Ike.Proposals.Ikev1.Ikev1AhTransforms.ToQuickModeTransforms(suites, Wire.Ikev1.EncapsulationMode.Tunnel, DefaultPhase2Lifetime).Count == 0)
        {
            section.ReportValue("ah_proposals", $"none of {text} can be proposed as IKEv1 AH; allowed: md5, sha1, sha256, sha384, sha512");
            return [];
        }

        return suites;
    }

    /// <summary>What a parsed version 1 connection asks for that the IKEv1 engine does not do, as (key, message) pairs.</summary>
    public static IEnumerable<(string Key, string Message)> Unsupported(ConnectionConfig connection)
    {
        if (connection.Local.Method != connection.Remote.Method)
        {
            yield return ("remote.auth", "IKEv1 negotiates one authentication method for both sides of an ISAKMP SA; allowed with version 1: "
                + "auth psk on both sides, or auth pubkey on both sides");
        }
        else if (connection.Local.Method == AuthMethod.PublicKey && connection.Ikev1?.Aggressive == true)
        {
            yield return ("aggressive", "IKEv1 Aggressive Mode authenticates with pre-shared keys only; allowed with auth pubkey: aggressive: no (Main Mode)");
        }

        if (Ike.Proposals.Ikev1.Ikev1ProposalConverter.ToPhase1Transforms(connection.IkeProposals, Wire.Ikev1.Ikev1AuthMethod.PreSharedKey,
                DefaultPhase1Lifetime, allCombinations: true).Count == 0)
        {
            yield return ("proposals", $"none of {string.Join(", ", connection.IkeProposals)} can be proposed in an IKEv1 phase 1 (AEAD ciphers, "
                + "AES-XCBC/CMAC and ML-KEM have no IKEv1 encoding); allowed: a cipher, an integrity algorithm and a DH group, e.g. aes256-sha256-modp2048");
        }

        foreach (var child in connection.Children.Where(c => c.AhProposals.Count == 0 && Ike.Proposals.Ikev1.Ikev1ProposalConverter.ToQuickModeTransforms(c.EspProposals,
                     Wire.Ikev1.EncapsulationMode.Tunnel, DefaultPhase2Lifetime, allCombinations: true).Count == 0))
        {
            yield return ($"children.{child.Name}.esp_proposals", $"none of {string.Join(", ", child.EspProposals)} can be proposed in an IKEv1 Quick Mode "
                + "(ChaCha20-Poly1305, AES-CMAC and ML-KEM have no IKEv1 encoding); allowed: e.g. aes128-sha256, aes128gcm16, aes256-sha256-modp2048");
        }

        if (connection.Children.Count > 1)
        {
            yield return ("children", string.Create(CultureInfo.InvariantCulture,
                $"has {connection.Children.Count} children but an IKEv1 connection negotiates one set of traffic selectors; allowed: one child, or one connection per child"));
        }
    }
}
