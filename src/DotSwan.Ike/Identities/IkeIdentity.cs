using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DotSwan.Ike.Identities;

/// <summary>
/// An IKE identity (IKEv2 ID payload, RFC 7296 §3.5; IKEv1 ID payload, RFC 2407 §4.6.2.1): a type and its octets,
/// parsed from and formatted to strongSwan's configuration notation. Wire-derived instances come from
/// <see cref="TryFromPayload"/>, which never throws.
/// </summary>
public sealed class IkeIdentity : IEquatable<IkeIdentity>
{
    /// <summary>Upper bound on identity data accepted from the wire or configuration.</summary>
    public const int MaxDataLength = 2048;

    private readonly byte[] _data;

    private IkeIdentity(IkeIdentityType type, byte[] data, DistinguishedName? dn)
    {
        Type = type;
        _data = data;
        Dn = dn;
    }

    /// <summary>strongSwan's <c>%any</c>: matches every identity.</summary>
    public static IkeIdentity Any { get; } = new(IkeIdentityType.Any, [], null);

    /// <summary>The identity type (IKEv2 ID type numbering).</summary>
    public IkeIdentityType Type { get; }

    /// <summary>The identification data as carried in the ID payload.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The decoded name for <see cref="IkeIdentityType.DerAsn1Dn"/>, otherwise null.</summary>
    public DistinguishedName? Dn { get; }

    /// <summary>Whether this identity is a pattern (<c>%any</c>, <c>*</c> prefixes, DN <c>*</c> values) rather than a concrete identity.</summary>
    public bool IsWildcard => Type == IkeIdentityType.Any || (Dn?.HasWildcards ?? false)
        || (Type is IkeIdentityType.Fqdn or IkeIdentityType.Rfc822Address && _data is [(byte)'*', ..]);

    /// <summary>
    /// Parses strongSwan's notation: <c>%any</c>; an IPv4/IPv6 address; <c>@vpn.example.com</c> or <c>vpn.example.com</c>
    /// (FQDN); <c>user@example.com</c> or <c>@@user</c> (RFC 822); <c>C=CH, O=strongSwan, CN=moon</c> (DN); <c>@#0123ab</c>
    /// (KEY_ID in hex); and the explicit prefixes <c>fqdn:</c>, <c>email:</c>/<c>rfc822:</c>/<c>userfqdn:</c>,
    /// <c>keyid:</c> (text, or <c>keyid:#hex</c>), <c>ipv4:</c>, <c>ipv6:</c>, <c>asn1dn:</c>.
    /// </summary>
    public static bool TryParse(string text, out IkeIdentity? identity, out IdentityError error)
    {
        identity = null;
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            error = new(text, "empty identity: expected an address, @fqdn, user@domain, a DN like C=CH, O=strongSwan, CN=moon, @#hex or %any");
            return false;
        }
        if (text.Length > MaxDataLength)
        {
            error = new(text[..32] + "…", $"identity longer than {MaxDataLength} characters");
            return false;
        }
        if (text is "%any" or "%any6" or "*")
        {
            identity = Any;
            error = default;
            return true;
        }
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            bool parsed = TryPrefixed(text[..colon], text[(colon + 1)..], text, out identity, out error, out bool handled);
            if (handled) { return parsed; }
        }
        if (text.StartsWith("@#", StringComparison.Ordinal)) { return TryKeyId(text[2..], text, out identity, out error); }
        if (text.StartsWith("@@", StringComparison.Ordinal)) { return Text(IkeIdentityType.Rfc822Address, text[2..], text, out identity, out error); }
        if (text.StartsWith('@')) { return Text(IkeIdentityType.Fqdn, text[1..], text, out identity, out error); }
        if (TryParseAddress(text, out var address))
        {
            identity = FromAddress(address!);
            error = default;
            return true;
        }
        if (text.Contains('=', StringComparison.Ordinal)) { return ParseDn(text, out identity, out error); }
        if (text.Contains('@', StringComparison.Ordinal)) { return Text(IkeIdentityType.Rfc822Address, text, text, out identity, out error); }
        return Text(IkeIdentityType.Fqdn, text, text, out identity, out error);
    }

    /// <summary>Parses or throws <see cref="FormatException"/>: for trusted literals.</summary>
    public static IkeIdentity Parse(string text) =>
        TryParse(text, out var identity, out var error) ? identity! : throw new FormatException(error.Message);

    /// <summary>An IPv4 or IPv6 address identity.</summary>
    public static IkeIdentity FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new(address.AddressFamily == AddressFamily.InterNetworkV6 ? IkeIdentityType.Ipv6Address : IkeIdentityType.Ipv4Address,
            address.GetAddressBytes(), null);
    }

    /// <summary>
    /// Reads an ID payload's type and data (IKEv2 ID type, or the shared IKEv1 numbers); never throws. Address lengths,
    /// DER structure and sizes are checked.
    /// </summary>
    public static bool TryFromPayload(byte idType, ReadOnlySpan<byte> data, out IkeIdentity? identity, out IdentityError error)
    {
        identity = null;
        var type = (IkeIdentityType)idType;
        string shown = Convert.ToHexString(data.Length > 32 ? data[..32] : data);
        if (data.Length > MaxDataLength)
        {
            error = new(shown, $"identity data longer than {MaxDataLength} bytes");
            return false;
        }
        switch (type)
        {
            case IkeIdentityType.Ipv4Address when data.Length == 4:
            case IkeIdentityType.Ipv6Address when data.Length == 16:
            case IkeIdentityType.Fqdn or IkeIdentityType.Rfc822Address or IkeIdentityType.KeyId when data.Length > 0:
                identity = new(type, data.ToArray(), null);
                error = default;
                return true;
            case IkeIdentityType.DerAsn1Dn:
                if (!DistinguishedName.TryDecode(data.ToArray(), out var dn, out error)) { return false; }
                identity = new(type, data.ToArray(), dn);
                return true;
            case IkeIdentityType.Ipv4Address or IkeIdentityType.Ipv6Address:
                error = new(shown, $"{type} needs {(type == IkeIdentityType.Ipv4Address ? 4 : 16)} bytes, got {data.Length}");
                return false;
            case IkeIdentityType.Fqdn or IkeIdentityType.Rfc822Address or IkeIdentityType.KeyId:
                error = new(shown, $"empty {type} identity");
                return false;
            default:
                error = new(shown, $"unsupported identity type {idType}");
                return false;
        }
    }

    /// <summary>
    /// How this (configured) identity matches a peer's: <c>%any</c> matches all; FQDN and RFC 822 compare without case, a
    /// leading <c>*</c> matching any prefix (<c>*@example.com</c>, <c>*.example.com</c>); DNs per
    /// <see cref="DistinguishedName.Match"/>; addresses and key ids byte for byte.
    /// </summary>
    public IdentityMatch Match(IkeIdentity peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (Type == IkeIdentityType.Any) { return IdentityMatch.Any; }
        if (peer.Type != Type) { return IdentityMatch.None; }
        switch (Type)
        {
            case IkeIdentityType.DerAsn1Dn:
                return Dn!.Match(peer.Dn!);
            case IkeIdentityType.Fqdn or IkeIdentityType.Rfc822Address:
            {
                string mine = Encoding.UTF8.GetString(_data);
                string theirs = Encoding.UTF8.GetString(peer._data);
                if (string.Equals(mine, theirs, StringComparison.OrdinalIgnoreCase)) { return IdentityMatch.Exact; }
                return mine.Length > 1 && mine[0] == '*' && theirs.Length > mine.Length - 1
                    && theirs.EndsWith(mine[1..], StringComparison.OrdinalIgnoreCase)
                    ? IdentityMatch.Wildcard
                    : IdentityMatch.None;
            }
            default:
                return _data.AsSpan().SequenceEqual(peer._data) ? IdentityMatch.Exact : IdentityMatch.None;
        }
    }

    /// <summary>strongSwan's notation; <see cref="TryParse"/> reads it back to an equal identity.</summary>
    public override string ToString()
    {
        switch (Type)
        {
            case IkeIdentityType.Any:
                return "%any";
            case IkeIdentityType.Ipv4Address or IkeIdentityType.Ipv6Address:
                return new IPAddress(_data).ToString();
            case IkeIdentityType.DerAsn1Dn:
                return Dn!.ToString();
            case IkeIdentityType.KeyId:
                return "@#" + Convert.ToHexStringLower(_data);
            case IkeIdentityType.Fqdn:
            {
                string text = Encoding.UTF8.GetString(_data);
                // Prefix '@' whenever the bare text would read back as another type.
                return NeedsMarker(text) || text.Contains('@', StringComparison.Ordinal) ? "@" + text : text;
            }
            default:
            {
                string text = Encoding.UTF8.GetString(_data);
                return NeedsMarker(text) || !text.Contains('@', StringComparison.Ordinal) ? "@@" + text : text;
            }
        }
    }

    /// <inheritdoc/>
    public bool Equals(IkeIdentity? other) => other is not null && other.Type == Type && other._data.AsSpan().SequenceEqual(_data);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IkeIdentity other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    private static bool NeedsMarker(string text) =>
        text.Length == 0 || text[0] is '@' or '%' or ' ' || text[^1] == ' ' || text.Contains('=', StringComparison.Ordinal)
        || text.Contains(':', StringComparison.Ordinal) || TryParseAddress(text, out _) || text == "*";

    private static bool TryPrefixed(string prefix, string rest, string text, out IkeIdentity? identity, out IdentityError error, out bool handled)
    {
        handled = true;
        switch (prefix.ToUpperInvariant())
        {
            case "FQDN": return Text(IkeIdentityType.Fqdn, rest, text, out identity, out error);
            case "EMAIL" or "RFC822" or "USERFQDN": return Text(IkeIdentityType.Rfc822Address, rest, text, out identity, out error);
            case "KEYID":
                if (rest.StartsWith('#')) { return TryKeyId(rest[1..], text, out identity, out error); }
                return Text(IkeIdentityType.KeyId, rest, text, out identity, out error);
            case "ASN1DN": return ParseDn(rest, out identity, out error);
            case "IPV4" or "IPV6":
            {
                var family = prefix.Equals("ipv4", StringComparison.OrdinalIgnoreCase) ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                if (IPAddress.TryParse(rest, out var address) && address.AddressFamily == family)
                {
                    identity = FromAddress(address);
                    error = default;
                    return true;
                }
                identity = null;
                error = new(text, $"'{rest}' is not an {prefix.ToLowerInvariant()} address");
                return false;
            }
            default:
                handled = false;
                identity = null;
                error = default;
                return false;
        }
    }

    private static bool TryKeyId(string hex, string text, out IkeIdentity? identity, out IdentityError error)
    {
        identity = null;
        if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            error = new(text, $"'{text}': a key id is an even number of hex digits after @# (e.g. @#0123ab)");
            return false;
        }
        identity = new(IkeIdentityType.KeyId, Convert.FromHexString(hex), null);
        error = default;
        return true;
    }

    private static bool Text(IkeIdentityType type, string value, string text, out IkeIdentity? identity, out IdentityError error)
    {
        identity = null;
        if (value.Length == 0)
        {
            error = new(text, $"'{text}': empty {(type == IkeIdentityType.Fqdn ? "domain name" : type == IkeIdentityType.KeyId ? "key id" : "e-mail address")}");
            return false;
        }
        identity = new(type, Encoding.UTF8.GetBytes(value), null);
        error = default;
        return true;
    }

    private static bool ParseDn(string text, out IkeIdentity? identity, out IdentityError error)
    {
        identity = null;
        if (!DistinguishedName.TryParse(text, out var dn, out error)) { return false; }
        identity = new(IkeIdentityType.DerAsn1Dn, dn!.Der.ToArray(), dn);
        return true;
    }

    // IPAddress.TryParse also accepts "1234" or "10.1" (inet_aton forms); an identity address must be written in full.
    private static bool TryParseAddress(string text, out IPAddress? address)
    {
        address = null;
        if (!IPAddress.TryParse(text, out var parsed)) { return false; }
        if (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3) { return false; }
        if (parsed.AddressFamily == AddressFamily.InterNetworkV6 && (!text.Contains(':', StringComparison.Ordinal) || text.Contains('%', StringComparison.Ordinal))) { return false; }
        if (parsed.AddressFamily == AddressFamily.InterNetwork && !text.All(c => char.IsAsciiDigit(c) || c == '.')) { return false; }
        address = parsed;
        return true;
    }
}
