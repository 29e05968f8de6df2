using System.CommandLine;
using DotSwan.Cli.Decode;
using DotSwan.Ike.KeyLog;
using DotSwan.Ipsec.KeyLog;
using DotSwan.Wire.Capture;

namespace DotSwan.Cli.Commands;

/// <summary><c>dotswan decode FILE [--keys PATH]</c>: prints the IKE messages of a capture, decrypted where keys are given.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("capture") { Description = "A libpcap capture (tcpdump -w, tshark -F pcap) of IKE traffic on UDP 500/4500." };
        var keys = new Option<FileSystemInfo?>("--keys")
        {
            Description = "A directory with Wireshark's key tables, ikev2_decryption_table and/or esp_sa (as strongSwan's save-keys plugin writes them), or one such file.",
        };
        var command = new Command("decode", "Print every IKE message of a capture: headers, payloads and, with --keys, the decrypted SK payloads.")
        {
            file,
            keys,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(keys), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(FileInfo capture, FileSystemInfo? keys, TextWriter output, TextWriter error)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(capture.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"dotswan decode: cannot read {capture.FullName}: {e.Message}");
            return ExitCodes.UsageOrInputError;
        }
        List<Ikev2DecryptionTableEntry> ikeKeys = [];
        List<EspSaTableEntry> espKeys = [];
        if (keys is not null)
        {
            bool directory = Directory.Exists(keys.FullName);
            string ikeTable = directory ? Path.Combine(keys.FullName, "ikev2_decryption_table") : keys.FullName;
            string espTable = directory ? Path.Combine(keys.FullName, "esp_sa") : keys.FullName;
            bool espOnly = !directory && keys.Name.EndsWith("esp_sa", StringComparison.Ordinal);
            if (!directory && !File.Exists(keys.FullName))
            {
                error.WriteLine($"dotswan decode: no such key table or directory: {keys.FullName}");
                return ExitCodes.UsageOrInputError;
            }
            if (!espOnly && (!directory || File.Exists(ikeTable)) && !TryReadTable(ikeTable, ikeKeys, Ikev2DecryptionTableEntry.TryParse, error))
            {
                return ExitCodes.UsageOrInputError;
            }
            if ((espOnly || (directory && File.Exists(espTable))) && !TryReadTable(espTable, espKeys, EspSaTableEntry.TryParse, error))
            {
                return ExitCodes.UsageOrInputError;
            }
        }
        return Run(bytes, capture.Name, ikeKeys, espKeys, output, error);
    }

    public static int Run(byte[] capture, string name, IEnumerable<Ikev2DecryptionTableEntry> keys, IEnumerable<EspSaTableEntry> espKeys,
        TextWriter output, TextWriter error)
    {
        if (!PcapReader.TryReadUdp(capture, out var datagrams, out var reason))
        {
            error.WriteLine($"dotswan decode: {name}: {reason}");
            return ExitCodes.UsageOrInputError;
        }
        using var decoder = new CaptureDecoder(output, keys, espKeys);
        decoder.Decode(datagrams);
        output.WriteLine();
        output.WriteLine($"{name}: {decoder.Messages} IKE messages, {decoder.Decrypted} encrypted payloads decrypted, "
            + $"{decoder.WithoutKeys} without keys, {decoder.Failures} failures; "
            + $"{decoder.Esp.Packets} ESP packets, {decoder.Esp.Decrypted} decrypted, {decoder.Esp.Failures} failures");
        return decoder.Failures + decoder.Esp.Failures == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
    }

    private delegate bool EntryParser<T>(string line, out T? entry, out string? reason);

    private static bool TryReadTable<T>(string path, List<T> entries, EntryParser<T> parse, TextWriter error)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"dotswan decode: cannot read the key table {path}: {e.Message}");
            return false;
        }
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) { continue; }
            if (!parse(lines[i], out var entry, out var reason))
            {
                error.WriteLine($"dotswan decode: {path}:{i + 1}: {reason}");
                return false;
            }
            entries.Add(entry!);
        }
        return true;
    }
}
