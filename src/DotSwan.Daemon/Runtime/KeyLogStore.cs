using DotSwan.Ike.KeyLog;
using DotSwan.Ipsec.KeyLog;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// Keys kept only when the user enabled <c>daemon.key_log</c>, for <c>dotswan keys export --wireshark</c>: one esp_sa line
/// per SA direction, one ikev2_decryption_table line per IKE SA (also rekeyed ones) and one ikev1_decryption_table line per ISAKMP SA. Never logged; held in memory until exported or the daemon stops.
/// </summary>
internal sealed class KeyLogStore
{
    private readonly List<EspSaTableEntry> _esp = [];
    private readonly List<Ikev2DecryptionTableEntry> _ike = [];
    private readonly List<Ikev1DecryptionTableEntry> _ikev1 = [];

    public IReadOnlyList<EspSaTableEntry> Esp => _esp;

    public IReadOnlyList<Ikev2DecryptionTableEntry> Ike => _ike;

    public void Add(EspSaTableEntry entry) => _esp.Add(entry);

    public IReadOnlyList<Ikev1DecryptionTableEntry> Ikev1 => _ikev1;

    public void Add(Ikev2DecryptionTableEntry entry) => _ike.Add(entry);

    public void Add(Ikev1DecryptionTableEntry entry) => _ikev1.Add(entry);

    /// <summary>Writes <c>esp_sa</c>, <c>ikev2_decryption_table</c> and <c>ikev1_decryption_table</c> into <paramref name="directory"/> (created 0700 when missing), owner-only; returns the files.</summary>
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

        string esp = Path.Combine(directory, "esp_sa");
        string ike = Path.Combine(directory, "ikev2_decryption_table");
        Write(esp, _esp.Select(e => e.Format()));
        string ikev1 = Path.Combine(directory, "ikev1_decryption_table");
        Write(ike, _ike.Select(e => e.Format()));
        Write(ikev1, _ikev1.Select(e => e.Format()));
        return [esp, ike, ikev1];
    }

    private static void Write(string path, IEnumerable<string> lines)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        foreach (string line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }
}
