using DotSwan.Ipsec.KeyLog;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// Keys kept only when the user enabled <c>daemon.key_log</c>, for <c>dotswan keys export --wireshark</c>: one esp_sa line
/// per SA direction. Never logged; held in memory until exported or the daemon stops.
/// </summary>
internal sealed class KeyLogStore
{
    private readonly List<EspSaTableEntry> _esp = [];

    public IReadOnlyList<EspSaTableEntry> Esp => _esp;

    public void Add(EspSaTableEntry entry) => _esp.Add(entry);

    /// <summary>Writes <c>esp_sa</c> into <paramref name="directory"/> (created 0700 when missing), owner-only; returns the files.</summary>
    public IReadOnlyList<string> Export(string directory)
    {
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        string path = Path.Combine(directory, "esp_sa");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            foreach (var entry in _esp)
            {
                writer.Write(entry.Format());
                writer.Write('\n');
            }
        }

        return [path];
    }
}
