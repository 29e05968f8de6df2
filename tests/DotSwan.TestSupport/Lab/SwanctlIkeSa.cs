using System.Globalization;
using System.Text.RegularExpressions;

namespace DotSwan.TestSupport.Lab;

/// <summary>One IKE SA as `swanctl --list-sas` prints it, with its Child SAs.</summary>
/// <param name="Name">The connection name.</param>
/// <param name="State">ESTABLISHED, CONNECTING, …</param>
/// <param name="Version">"IKEv1" or "IKEv2".</param>
/// <param name="InitiatorSpi">The initiator's SPI (IKEv1: CKY-I) as a big-endian number, as on the wire.</param>
/// <param name="ResponderSpi">The responder's SPI (IKEv1: CKY-R).</param>
/// <param name="Children">Its Child SAs.</param>
public sealed partial record SwanctlIkeSa(
    string Name, string State, string Version, ulong InitiatorSpi, ulong ResponderSpi, IReadOnlyList<SwanctlChildSa> Children)
{
    /// <summary>
    /// Parses the text of `swanctl --list-sas`. An IKE SA line is "NAME: #N, STATE, IKEvX, SPII_i[*] SPIR_r[*]";
    /// a Child SA line is indented "NAME: #N, reqid R, STATE, MODE, PROTO:ALGS", followed by
    /// "in SPI, B bytes, P packets…" and "out SPI, …".
    /// Lines it does not know are skipped.
    /// </summary>
    public static IReadOnlyList<SwanctlIkeSa> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<SwanctlIkeSa>();
        SwanctlIkeSa? ike = null;
        List<SwanctlChildSa>? children = null;
        (string Name, string State, string Mode, string Protocol, uint In, uint Out, ulong InPackets, ulong OutPackets)? child = null;

        void FlushChild()
        {
            if (child is { } c) { children!.Add(new SwanctlChildSa(c.Name, c.State, c.Mode, c.Protocol, c.In, c.Out, c.InPackets, c.OutPackets)); }
            child = null;
        }
        void FlushIke()
        {
            FlushChild();
            if (ike is not null) { result.Add(ike with { Children = children! }); }
            ike = null;
        }

        foreach (var line in text.Split('\n'))
        {
            if (IkeLine().Match(line) is { Success: true } m)
            {
                FlushIke();
                children = [];
                ike = new SwanctlIkeSa(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, Hex64(m.Groups[4].Value), Hex64(m.Groups[5].Value), []);
            }
            else if (ike is not null && ChildLine().Match(line) is { Success: true } cm)
            {
                FlushChild();
                child = (cm.Groups[1].Value, cm.Groups[2].Value, cm.Groups[3].Value, cm.Groups[4].Value, 0, 0, 0, 0);
            }
            else if (child is { } c && SpiLine().Match(line) is { Success: true } sm)
            {
                uint spi = uint.Parse(sm.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong packets = sm.Groups[3].Success ? ulong.Parse(sm.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
                child = sm.Groups[1].Value == "in" ? c with { In = spi, InPackets = packets } : c with { Out = spi, OutPackets = packets };
            }
        }
        FlushIke();
        return result;
    }

    private static ulong Hex64(string hex) => ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\S+): #\d+, (\w+), (IKEv\d), ([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r\*?")]
    private static partial Regex IkeLine();

    [GeneratedRegex(@"^\s+(\S+): #\d+, reqid \d+, (\w+), ([\w-]+), (\S+)")]
    private static partial Regex ChildLine();

    [GeneratedRegex(@"^\s+(in|out)\s+([0-9a-f]{8})[^\s,]*(?:,\s+\d+ bytes,\s+(\d+) packets)?")]
    private static partial Regex SpiLine();
}
