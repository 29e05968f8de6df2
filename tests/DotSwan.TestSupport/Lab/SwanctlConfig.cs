using System.Globalization;
using System.Net;
using System.Text;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// A swanctl.conf with one PSK-authenticated connection and one tunnel-mode child, IKEv2 by default or IKEv1
/// (Main Mode + Quick Mode) with <see cref="Version"/> = 1. Start from <see cref="Psk"/> and adjust with `with`.
/// </summary>
public sealed record SwanctlConfig
{
    /// <summary>The connection name (as --ike takes it and --list-sas prints it).</summary>
    public string ConnectionName { get; init; } = "lab";

    /// <summary>The child name (as --child takes it).</summary>
    public string ChildName { get; init; } = "net";

    /// <summary>IKE version: 2, or 1 for IKEv1 Main Mode (aggressive = no) + Quick Mode.</summary>
    public int Version { get; init; } = 2;

    /// <summary>Our outer address.</summary>
    public required IPAddress LocalAddress { get; init; }

    /// <summary>The peer's outer address.</summary>
    public required IPAddress RemoteAddress { get; init; }

    /// <summary>Our identity (an FQDN: sent as ID_FQDN).</summary>
    public required string LocalId { get; init; }

    /// <summary>The identity we expect of the peer.</summary>
    public required string RemoteId { get; init; }

    /// <summary>The pre-shared key both sides hold.</summary>
    public string PreSharedKey { get; init; } = "dotswan-lab-psk-0123456789abcdef";

    /// <summary>IKE proposals in strongSwan syntax.</summary>
    public string Proposals { get; init; } = "aes256gcm16-prfsha256-x25519";

    /// <summary>ESP proposals in strongSwan syntax (a key exchange group here means PFS).</summary>
    public string EspProposals { get; init; } = "aes128gcm16";

    /// <summary>Our traffic selector.</summary>
    public required string LocalTrafficSelector { get; init; }

    /// <summary>The peer's traffic selector.</summary>
    public required string RemoteTrafficSelector { get; init; }

    /// <summary>How we authenticate: "psk" (default) or "pubkey" (with <see cref="LocalCertificate"/>).</summary>
    public string LocalAuth { get; init; } = "psk";

    /// <summary>How the peer must authenticate: "psk" (default) or "pubkey".</summary>
    public string RemoteAuth { get; init; } = "psk";

    /// <summary>Our certificate's file name in the swanctl x509/ folder (its key goes in private/), for pubkey.</summary>
    public string? LocalCertificate { get; init; }

    /// <summary>File names in x509ca/ the peer's certificate must chain to (swanctl's remote cacerts); empty: any loaded CA.</summary>
    public IReadOnlyList<string> RemoteCaCertificates { get; init; } = [];

    /// <summary>Extra lines inside the connection section (e.g. "encap = yes").</summary>
    public IReadOnlyList<string> ExtraConnectionSettings { get; init; } = [];

    /// <summary>Extra lines inside the child section (e.g. "rekey_time = 10s").</summary>
    public IReadOnlyList<string> ExtraChildSettings { get; init; } = [];

    /// <summary>Further children as (name, local_ts, remote_ts), with the first child's proposals, mode and start action.</summary>
    public IReadOnlyList<(string Name, string LocalTs, string RemoteTs)> MoreChildren { get; init; } = [];

    /// <summary>
    /// A PSK connection from <paramref name="local"/> to <paramref name="remote"/> (addresses and traffic selectors from the
    /// namespaces) with the identities "NAME.lab.example" of each side's namespace suffix unless given.
    /// </summary>
    public static SwanctlConfig Psk(NetworkNamespace local, NetworkNamespace remote, string? localId = null, string? remoteId = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        return new SwanctlConfig
        {
            LocalAddress = local.OuterAddress,
            RemoteAddress = remote.OuterAddress,
            LocalId = localId ?? DefaultId(local),
            RemoteId = remoteId ?? DefaultId(remote),
            LocalTrafficSelector = local.TrafficSelector,
            RemoteTrafficSelector = remote.TrafficSelector,
        };
    }

    private static string DefaultId(NetworkNamespace ns) => $"{ns.Name[(ns.Name.LastIndexOf('-') + 1)..]}.lab.example";

    /// <summary>The swanctl.conf text.</summary>
    public string Render()
    {
        if (Version is not (1 or 2)) { throw new InvalidOperationException($"IKE version {Version}"); }
        var c = new StringBuilder();
        c.AppendLine("connections {");
        c.AppendLine(CultureInfo.InvariantCulture, $"    {ConnectionName} {{");
        c.AppendLine(CultureInfo.InvariantCulture, $"        version = {Version}");
        if (Version == 1) { c.AppendLine("        aggressive = no"); }
        c.AppendLine(CultureInfo.InvariantCulture, $"        local_addrs = {LocalAddress}");
        c.AppendLine(CultureInfo.InvariantCulture, $"        remote_addrs = {RemoteAddress}");
        c.AppendLine(CultureInfo.InvariantCulture, $"        proposals = {Proposals}");
        foreach (var line in ExtraConnectionSettings) { c.AppendLine(CultureInfo.InvariantCulture, $"        {line}"); }
        c.AppendLine(CultureInfo.InvariantCulture, $"        local {{\n            auth = {LocalAuth}\n            id = {LocalId}");
        if (LocalCertificate is not null) { c.AppendLine(CultureInfo.InvariantCulture, $"            certs = {LocalCertificate}"); }
        c.AppendLine("        }");
        c.AppendLine(CultureInfo.InvariantCulture, $"        remote {{\n            auth = {RemoteAuth}\n            id = {RemoteId}");
        if (RemoteCaCertificates.Count > 0) { c.AppendLine(CultureInfo.InvariantCulture, $"            cacerts = {string.Join(", ", RemoteCaCertificates)}"); }
        c.AppendLine("        }");
        c.AppendLine("        children {");
        c.AppendLine(CultureInfo.InvariantCulture, $"            {ChildName} {{");
        c.AppendLine(CultureInfo.InvariantCulture, $"                local_ts = {LocalTrafficSelector}");
        c.AppendLine(CultureInfo.InvariantCulture, $"                remote_ts = {RemoteTrafficSelector}");
        c.AppendLine(CultureInfo.InvariantCulture, $"                esp_proposals = {EspProposals}");
        c.AppendLine("                mode = tunnel");
        c.AppendLine("                start_action = none");
        foreach (var line in ExtraChildSettings) { c.AppendLine(CultureInfo.InvariantCulture, $"                {line}"); }
        c.AppendLine("            }");
        foreach (var (name, localTs, remoteTs) in MoreChildren)
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"            {name} {{");
            c.AppendLine(CultureInfo.InvariantCulture, $"                local_ts = {localTs}");
            c.AppendLine(CultureInfo.InvariantCulture, $"                remote_ts = {remoteTs}");
            c.AppendLine(CultureInfo.InvariantCulture, $"                esp_proposals = {EspProposals}");
            c.AppendLine("                mode = tunnel");
            c.AppendLine("                start_action = none");
            c.AppendLine("            }");
        }
        c.AppendLine("        }");
        c.AppendLine("    }");
        c.AppendLine("}");
        c.AppendLine("secrets {");
        c.AppendLine("    ike-lab {");
        c.AppendLine(CultureInfo.InvariantCulture, $"        id-local = {LocalId}");
        c.AppendLine(CultureInfo.InvariantCulture, $"        id-remote = {RemoteId}");
        c.AppendLine(CultureInfo.InvariantCulture, $"        secret = \"{PreSharedKey}\"");
        c.AppendLine("    }");
        c.AppendLine("}");
        return c.ToString();
    }
}
