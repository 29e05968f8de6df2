namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Checks once per test run whether this machine can run the strongSwan lab: Linux, root, /dev/net/tun,
/// working `ip netns`, and the tools (charon-systemd with kernel-libipsec, swanctl, tshark/dumpcap, ping, setsid).
/// </summary>
public static class LabRequirements
{
    /// <summary>Where Debian installs charon-systemd.</summary>
    public const string CharonSystemd = "/usr/sbin/charon-systemd";

    /// <summary>The userspace ESP plugin this kernel needs (package libcharon-extra-plugins).</summary>
    public const string KernelLibipsecPlugin = "/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so";

    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>Null when the lab can run here; otherwise why not, naming what is missing.</summary>
    public static string? MissingReason => Missing.Value;

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux()) { return "Lab test skipped: needs Linux network namespaces (this is not Linux)."; }
        var missing = new List<string>();
        if (!IsRoot()) { missing.Add("root privileges (network namespaces need them)"); }
        if (!File.Exists("/dev/net/tun")) { missing.Add("/dev/net/tun (kernel-libipsec needs TUN)"); }
        if (FindOnPath("ip") is null) { missing.Add("ip (iproute2)"); }
        else if (missing.Count == 0 && !CanCreateNamespace())
        {
            missing.Add("`ip netns` support (creating a network namespace failed)");
        }
        if (!File.Exists(CharonSystemd)) { missing.Add($"charon-systemd ({CharonSystemd})"); }
        if (!File.Exists(KernelLibipsecPlugin)) { missing.Add($"the kernel-libipsec plugin ({KernelLibipsecPlugin}, libcharon-extra-plugins)"); }
        foreach (var tool in new[] { "swanctl", "tshark", "dumpcap", "ping", "setsid", "sysctl" })
        {
            if (FindOnPath(tool) is null) { missing.Add(tool); }
        }
        return missing.Count == 0
            ? null
            : $"Lab test skipped: missing {string.Join(", ", missing)}. ./test.sh as root installs it.";
    }

    // Root in a container without CAP_SYS_ADMIN can list namespaces but not create them: try it.
    private static bool CanCreateNamespace()
    {
        string probe = $"dsw-{Environment.ProcessId}-probe";
        bool created = LabCommand.Run("ip", ["netns", "add", probe], TimeSpan.FromSeconds(5)).Succeeded;
        if (created) { LabCommand.Run("ip", ["netns", "del", probe], TimeSpan.FromSeconds(5)); }
        return created;
    }

    private static bool IsRoot()
    {
        // "Uid:\treal\teffective\tsaved\tfs" — the effective UID decides.
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("Uid:", StringComparison.Ordinal)) { continue; }
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 2 && fields[2] == "0";
        }
        return false;
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH (plus the sbin directories), or null.</summary>
    public static string? FindOnPath(string tool)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        foreach (var directory in directories)
        {
            string candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate)) { return candidate; }
        }
        return null;
    }
}
