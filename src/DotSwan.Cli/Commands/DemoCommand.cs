using System.CommandLine;
using DotSwan.Ike.KeyLog;

namespace DotSwan.Cli.Commands;

/// <summary>
/// <c>dotswan demo</c>: the main job on an embedded default. Until the engines exist it decodes an embedded capture
/// of a real strongSwan 5.9.8 IKEv2 exchange (PSK, AES-256-GCM, X25519) and decrypts it with the keys strongSwan logged.
/// </summary>
internal static class DemoCommand
{
    private const string CaptureResource = "DotSwan.Cli.Demo.psk.pcap";
    private const string KeysResource = "DotSwan.Cli.Demo.psk.ikev2_decryption_table";

    public static Command Create()
    {
        var command = new Command("demo", "Decode and decrypt an embedded capture of a strongSwan IKEv2 exchange (no network, no root).");
        command.SetAction(parse => Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(TextWriter output, TextWriter error)
    {
        output.WriteLine("DotSwan demo: an IKEv2 exchange between two strongSwan 5.9.8 peers (192.0.2.1 initiator, 192.0.2.2 responder),");
        output.WriteLine("PSK authentication, IKE aes256gcm16-prfsha256-x25519, ESP aes128gcm16, decoded and decrypted by DotSwan.");
        output.WriteLine();
        var capture = ReadResource(CaptureResource);
        var keys = new List<Ikev2DecryptionTableEntry>();
        foreach (var line in System.Text.Encoding.ASCII.GetString(ReadResource(KeysResource)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Ikev2DecryptionTableEntry.TryParse(line, out var entry, out var reason))
            {
                error.WriteLine($"dotswan demo: embedded key table: {reason}");
                return ExitCodes.PartialFailure;
            }
            keys.Add(entry!);
        }
        return DecodeCommand.Run(capture, "embedded psk.pcap", keys, output, error);
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
