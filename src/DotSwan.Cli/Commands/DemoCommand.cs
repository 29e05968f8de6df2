using System.CommandLine;
using System.Globalization;
using DotSwan.Cli.Demo;
using DotSwan.Ike.KeyLog;
using DotSwan.Ipsec.KeyLog;

namespace DotSwan.Cli.Commands;

/// <summary>
/// <c>dotswan demo</c>: the main job on an embedded default (see <see cref="LiveDemo"/>): two DotSwan instances on
/// 127.0.0.1 establish IKEv2 and IKEv1 SAs, move traffic, rekey, show the status and delete; exit 0 on success, 1 with
/// the reason otherwise. <c>dotswan demo --capture</c> instead decodes an embedded capture of a real strongSwan 5.9.8
/// IKEv2 exchange (PSK, AES-256-GCM, X25519) and the pings through its tunnel, decrypted with the keys strongSwan logged.
/// </summary>
internal static class DemoCommand
{
    private const string CaptureResource = "DotSwan.Cli.Demo.psk.pcap";
    private const string KeysResource = "DotSwan.Cli.Demo.psk.ikev2_decryption_table";
    private const string EspKeysResource = "DotSwan.Cli.Demo.psk.esp_sa";

    public static Command Create()
    {
        var capture = new Option<bool>("--capture") { Description = "Decode and decrypt the embedded capture of a strongSwan IKEv2 exchange instead." };
        var netns = new Option<bool>("--netns")
        {
            Description = "Root: the same over real TUN devices, two dotswan daemons in two network namespaces it creates (and removes), pinging through the tunnel.",
        };
        var command = new Command("demo", "Two DotSwan instances on 127.0.0.1: IKEv2 and IKEv1 SAs, traffic, a rekey, status, deletes (no root).") { capture, netns };
        command.SetAction(parse => parse.GetValue(capture)
            ? RunCapture(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
            : parse.GetValue(netns)
                ? NetnsDemoCommand.Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
                : RunLive(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The live demo, bounded by <paramref name="timeout"/> (default <see cref="LiveDemo.Timeout"/>): 0 when every step worked, 1 with a one-line reason otherwise.</summary>
    public static int RunLive(TextWriter output, TextWriter error, TimeSpan? timeout = null)
    {
        var demo = new LiveDemo(output);
        var limit = timeout ?? LiveDemo.Timeout;
        try
        {
            demo.RunAsync().WaitAsync(limit).GetAwaiter().GetResult();
            return ExitCodes.Success;
        }
        catch (DemoFailedException e)
        {
            error.WriteLine($"dotswan demo: FAILED: {e.Message}");
        }
        catch (TimeoutException)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotswan demo: FAILED: not finished after {limit.TotalSeconds:0.###} s"));
        }
#pragma warning disable CA1031 // Any other failure still ends the demo with one line and exit 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"dotswan demo: FAILED: {e.GetType().Name}: {e.Message}");
        }

        return ExitCodes.PartialFailure;
    }

    /// <summary>Decodes the embedded capture.</summary>
    public static int RunCapture(TextWriter output, TextWriter error)
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
