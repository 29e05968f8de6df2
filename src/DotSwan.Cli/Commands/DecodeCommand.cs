using System.CommandLine;
using DotSwan.Cli.Decode;
using DotSwan.Ike.KeyLog;
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
            Description = "Wireshark's ikev2_decryption_table, or a directory holding one (as strongSwan's save-keys plugin or 'dotswan keys export --wireshark' write).",
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
        List<Ikev2DecryptionTableEntry> entries = [];
        if (keys is not null && !TryReadKeyTable(keys, entries, error)) { return ExitCodes.UsageOrInputError; }
        return Run(bytes, capture.Name, entries, output, error);
    }

    public static int Run(byte[] capture, string name, IEnumerable<Ikev2DecryptionTableEntry> keys, TextWriter output, TextWriter error)
    {
        if (!PcapReader.TryReadUdp(capture, out var datagrams, out var reason))
        {
            error.WriteLine($"dotswan decode: {name}: {reason}");
            return ExitCodes.UsageOrInputError;
        }
        var decoder = new CaptureDecoder(output, keys);
        decoder.Decode(datagrams);
        output.WriteLine();
        output.WriteLine($"{name}: {decoder.Messages} IKE messages, {decoder.Decrypted} encrypted payloads decrypted, "
            + $"{decoder.WithoutKeys} without keys, {decoder.Failures} failures");
        return decoder.Failures == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
    }

    private static bool TryReadKeyTable(FileSystemInfo keys, List<Ikev2DecryptionTableEntry> entries, TextWriter error)
    {
        string path = keys is DirectoryInfo directory ? Path.Combine(directory.FullName, "ikev2_decryption_table") : keys.FullName;
        if (!File.Exists(path) && Directory.Exists(keys.FullName)) { path = Path.Combine(keys.FullName, "ikev2_decryption_table"); }
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
            if (!Ikev2DecryptionTableEntry.TryParse(lines[i], out var entry, out var reason))
            {
                error.WriteLine($"dotswan decode: {path}:{i + 1}: {reason}");
                return false;
            }
            entries.Add(entry!);
        }
        return true;
    }
}
