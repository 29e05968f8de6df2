using System.Globalization;

namespace DotSwan.Daemon.Configuration;

/// <summary>Parses the scalar forms the configuration uses: integers (decimal or 0x hex), durations and byte counts.</summary>
public static class ConfigValueParser
{
    /// <summary>Decimal or 0x-prefixed hexadecimal, non-negative.</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && value >= 0;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>"30", "30s", "5m", "1h", "2d" (strongSwan's units; no unit means seconds), at most 100 years.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        long unit = char.ToLowerInvariant(text[^1]) switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        var digits = unit == 0 ? text.AsSpan() : text.AsSpan(0, text.Length - 1);
        if (unit == 0)
        {
            unit = 1;
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count > 36500L * 86400 / unit)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(count * unit);
        return true;
    }

    /// <summary>"1000", "500K", "100M", "2G", "1T" (powers of 1024, as strongSwan).</summary>
    public static bool TryParseBytes(string text, out ulong value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        int shift = char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => -1 };
        var digits = shift < 0 ? text.AsSpan() : text.AsSpan(0, text.Length - 1);
        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong count))
        {
            return false;
        }

        shift = Math.Max(shift, 0);
        if (count > ulong.MaxValue >> shift)
        {
            return false;
        }

        value = count << shift;
        return true;
    }
}
