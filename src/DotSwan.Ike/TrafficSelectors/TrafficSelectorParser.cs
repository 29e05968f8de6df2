using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DotSwan.Ike.TrafficSelectors;

/// <summary>
/// Parses strongSwan's local_ts/remote_ts notation: <c>10.1.0.0/24</c>, <c>10.1.0.5</c>, <c>10.1.0.5-10.1.0.9</c>,
/// <c>0.0.0.0/0</c>, <c>::/0</c>, <c>dynamic</c>, each optionally followed by <c>[protocol]</c> or
/// <c>[protocol/port]</c> where protocol is a name (tcp, udp, icmp, icmpv6, sctp, gre, esp, ah), a number or <c>%any</c>,
/// and port a number, a range <c>lo-hi</c> or <c>%any</c>. Lists are comma-separated. Never throws on bad input.
/// </summary>
public static class TrafficSelectorParser
{
    /// <summary>Upper bound on selectors in one list.</summary>
    public const int MaxSelectors = 64;

    private static readonly (string Name, byte Number)[] Protocols =
        [("tcp", 6), ("udp", 17), ("icmp", 1), ("icmpv6", 58), ("ipv6-icmp", 58), ("sctp", 132), ("gre", 47), ("esp", 50), ("ah", 51)];

    /// <summary>Parses one selector.</summary>
    public static bool TryParse(string text, out TrafficSelectorSpec? spec, out TrafficSelectorError error)
    {
        spec = null;
        text = (text ?? "").Trim();
        string addressPart = text;
        byte protocol = 0;
        ushort startPort = 0, endPort = ushort.MaxValue;
        int bracket = text.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            if (!text.EndsWith(']'))
            {
                error = new(text, $"'{text}': a protocol/port part must end with ']' (e.g. 10.1.0.0/24[tcp/443])");
                return false;
            }
            addressPart = text[..bracket];
            if (!TryParseProtocolPorts(text[(bracket + 1)..^1], out protocol, out startPort, out endPort, out var why))
            {
                error = new(text, $"'{text}': {why}");
                return false;
            }
        }
        if (string.Equals(addressPart, "dynamic", StringComparison.OrdinalIgnoreCase))
        {
            spec = TrafficSelectorSpec.Dynamic(protocol, startPort, endPort);
            error = default;
            return true;
        }
        if (!TryParseAddresses(addressPart, out var start, out var end, out var reason)
            || !TrafficSelector.TryCreate(start!, end!, protocol, startPort, endPort, out var selector, out reason))
        {
            error = new(text, $"'{text}': {reason}");
            return false;
        }
        spec = TrafficSelectorSpec.Of(selector!);
        error = default;
        return true;
    }

    /// <summary>Parses a comma-separated list.</summary>
    public static bool TryParseList(string text, out IReadOnlyList<TrafficSelectorSpec> specs, out TrafficSelectorError error)
    {
        specs = [];
        var list = new List<TrafficSelectorSpec>();
        foreach (var part in (text ?? "").Split(','))
        {
            if (list.Count == MaxSelectors)
            {
                error = new(text!, $"more than {MaxSelectors} traffic selectors");
                return false;
            }
            if (!TryParse(part, out var spec, out error)) { return false; }
            list.Add(spec!);
        }
        specs = list;
        error = default;
        return true;
    }

    /// <summary>Parses a fixed selector or throws <see cref="FormatException"/>: for trusted literals.</summary>
    public static TrafficSelector Parse(string text) =>
        TryParse(text, out var spec, out var error) && spec!.Fixed is { } selector
            ? selector
            : throw new FormatException(error.Message.Length > 0 ? error.Message : $"'{text}' is not a fixed selector");

    /// <summary>The name used when formatting a protocol number.</summary>
    public static string ProtocolName(byte protocol)
    {
        foreach (var (name, number) in Protocols)
        {
            if (number == protocol) { return name; }
        }
        return protocol.ToString(CultureInfo.InvariantCulture);
    }

    private static bool TryParseAddresses(string text, out IPAddress? start, out IPAddress? end, out string reason)
    {
        start = end = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!IPAddress.TryParse(text[..slash], out var network) || network.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                reason = $"'{text[..slash]}' is not an IP address";
                return false;
            }
            int bits = network.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) || prefix > bits)
            {
                reason = $"prefix length must be 0..{bits}";
                return false;
            }
            var subnet = TrafficSelector.FromSubnet(network, prefix);
            (start, end) = (subnet.StartAddress, subnet.EndAddress);
            reason = "";
            return true;
        }
        // An IPv6 address contains no '-' or "..", so either separates a range (strongSwan reads "-" and prints "..").
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        int dash = dots >= 0 ? dots : text.IndexOf('-', StringComparison.Ordinal);
        int skip = dots >= 0 ? 2 : 1;
        string first = dash >= 0 ? text[..dash] : text;
        string last = dash >= 0 ? text[(dash + skip)..] : text;
        if (!IPAddress.TryParse(first, out start) || !IPAddress.TryParse(last, out end))
        {
            reason = "expected an address, address/prefix, address-address or dynamic";
            return false;
        }
        reason = "";
        return true;
    }

    private static bool TryParseProtocolPorts(string text, out byte protocol, out ushort startPort, out ushort endPort, out string reason)
    {
        protocol = 0;
        startPort = 0;
        endPort = ushort.MaxValue;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string protocolText = slash >= 0 ? text[..slash] : text;
        if (protocolText.Length > 0 && protocolText != "%any")
        {
            bool found = false;
            foreach (var (name, number) in Protocols)
            {
                if (string.Equals(name, protocolText, StringComparison.OrdinalIgnoreCase)) { protocol = number; found = true; break; }
            }
            if (!found && !byte.TryParse(protocolText, NumberStyles.None, CultureInfo.InvariantCulture, out protocol))
            {
                reason = $"unknown protocol '{protocolText}' (tcp, udp, icmp, icmpv6, sctp, gre, esp, ah, a number 0-255 or %any)";
                return false;
            }
        }
        if (slash < 0)
        {
            reason = "";
            return true;
        }
        string portText = text[(slash + 1)..];
        if (portText is "%any" or "")
        {
            reason = "";
            return true;
        }
        int dash = portText.IndexOf('-', StringComparison.Ordinal);
        string lo = dash >= 0 ? portText[..dash] : portText;
        string hi = dash >= 0 ? portText[(dash + 1)..] : portText;
        if (!ushort.TryParse(lo, NumberStyles.None, CultureInfo.InvariantCulture, out startPort)
            || !ushort.TryParse(hi, NumberStyles.None, CultureInfo.InvariantCulture, out endPort))
        {
            reason = $"port '{portText}' must be a number 0-65535, a range lo-hi or %any";
            return false;
        }
        reason = "";
        return true;
    }
}
