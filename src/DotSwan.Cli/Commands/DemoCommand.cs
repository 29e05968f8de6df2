using System.CommandLine;
using DotSwan.Ike.KeyLog;
using DotSwan.Ipsec.KeyLog;

namespace DotSwan.Cli.Commands;

/// <summary>
/// <c>dotswan demo</c>: the main job on an embedded default. Until the engines exist it decodes an embedded capture
/// of a real strongSwan 5.9.8 IKEv2 exchange (PSK, AES-256-GCM, X25519) and the pings through its tunnel, and decrypts both with the keys strongSwan logged.
/// </summary>
internal static class DemoCommand
{
    private const string CaptureResource = "DotSwan.Cli.Demo.psk.pcap";
    private const string KeysResource = "DotSwan.Cli.Demo.psk.ikev2_decryption_table";
    private const string EspKeysResource = "DotSwan.Cli.Demo.psk.esp_sa";

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
        var keys = Lines(KeysResource).Select(line => Ikev2DecryptionTableEntry.TryParse(line, out var entry, out _) ? entry! : null).ToList();
        var espKeys = Lines(EspKeysResource).Select(line => EspSaTableEntry.TryParse(line, out var entry, out _) ? entry! : null).ToList();
        if (keys.Contains(null) || espKeys.Contains(null))
        {
            error.WriteLine("dotswan demo: an embedded key table does not parse");
            return ExitCodes.PartialFailure;
        }
        return DecodeCommand.Run(capture, "embedded psk.pcap", keys!, espKeys!, output, error);
    }

    private static string[] Lines(string resource) =>
        System.Text.Encoding.ASCII.GetString(ReadResource(resource)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(DemoCommand).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
