using System.Formats.Asn1;
using System.Text;

namespace DotSwan.Ike.Identities;

/// <summary>
/// An X.500 distinguished name as strongSwan writes it: RDNs in encoding order separated by commas
/// (<c>C=CH, O=strongSwan, CN=moon</c>) or slashes (<c>/C=CH/O=strongSwan/CN=moon</c>). Encodes to DER with
/// PrintableString where the value allows it (UTF8String otherwise, IA5String for e-mail addresses), which is what
/// strongSwan's pki tool writes (checked against its output, see strongswan-pki-dn-vectors.txt in the tests). Matching compares OIDs in order and values without
/// regard to case or string type; a value of <c>*</c> matches any value of that attribute.
/// </summary>
public sealed class DistinguishedName : IEquatable<DistinguishedName>
{
    /// <summary>Upper bound on attributes (bounded work on configuration and wire input).</summary>
    public const int MaxAttributes = 64;

    private static readonly (string Name, string Oid)[] Names =
    [
        ("C", "2.5.4.6"), ("ST", "2.5.4.8"), ("L", "2.5.4.7"), ("O", "2.5.4.10"), ("OU", "2.5.4.11"), ("CN", "2.5.4.3"),
        ("E", "1.2.840.113549.1.9.1"), ("emailAddress", "1.2.840.113549.1.9.1"), ("Email", "1.2.840.113549.1.9.1"),
        ("DC", "0.9.2342.19200300.100.1.25"), ("UID", "0.9.2342.19200300.100.1.1"), ("serialNumber", "2.5.4.5"),
        ("T", "2.5.4.12"), ("title", "2.5.4.12"), ("G", "2.5.4.42"), ("givenName", "2.5.4.42"), ("surname", "2.5.4.4"),
        ("street", "2.5.4.9"), ("postalCode", "2.5.4.17"), ("dnQualifier", "2.5.4.46"),
    ];

    private readonly AttributeTypeAndValue[] _attributes;

    private DistinguishedName(AttributeTypeAndValue[] attributes, byte[] der)
    {
        _attributes = attributes;
        Der = der;
    }

    /// <summary>The attributes in encoding order (one per RDN; multi-valued RDNs are flattened).</summary>
    public IReadOnlyList<AttributeTypeAndValue> Attributes => _attributes;

    /// <summary>The DER encoding (a Name: SEQUENCE OF SET OF AttributeTypeAndValue).</summary>
    public ReadOnlyMemory<byte> Der { get; }

    /// <summary>Whether any value is the wildcard <c>*</c>.</summary>
    public bool HasWildcards => _attributes.Any(a => a.Value == "*");

    /// <summary>Parses strongSwan's notation; false with a reason naming the offending part.</summary>
    public static bool TryParse(string text, out DistinguishedName? name, out IdentityError error)
    {
        name = null;
        text ??= "";
        var parts = Split(text.Trim());
        if (parts.Count == 0)
        {
            error = new(text, "empty distinguished name: expected e.g. C=CH, O=strongSwan, CN=moon");
            return false;
        }
        if (parts.Count > MaxAttributes)
        {
            error = new(text, $"more than {MaxAttributes} attributes in a distinguished name");
            return false;
        }
        var attributes = new List<AttributeTypeAndValue>(parts.Count);
        foreach (var part in parts)
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = new(text, $"'{part.Trim()}' in '{text}' is not attribute=value");
                return false;
            }
            string key = part[..equals].Trim();
            string value = Unquote(part[(equals + 1)..].Trim());
            string? oid = OidOf(key);
            if (oid is null)
            {
                error = new(text, $"unknown attribute '{key}' in '{text}': use C, ST, L, O, OU, CN, E, DC, UID, serialNumber, T, G, surname or a numeric OID");
                return false;
            }
            var type = StringTypeFor(oid, value);
            if (oid == "2.5.4.6" && value != "*" && (value.Length != 2 || !IsPrintable(value)))
            {
                error = new(text, $"country '{value}' in '{text}' must be two letters");
                return false;
            }
            attributes.Add(new AttributeTypeAndValue(oid, value, type));
        }
        return TryCreate(attributes, out name, out error);
    }

    /// <summary>Builds a name from attributes (encoding the DER).</summary>
    public static bool TryCreate(IEnumerable<AttributeTypeAndValue> attributes, out DistinguishedName? name, out IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var list = attributes.ToArray();
        name = null;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        try
        {
            using (writer.PushSequence())
            {
                foreach (var attribute in list)
                {
                    using (writer.PushSetOf())
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(attribute.Oid);
                        writer.WriteCharacterString(attribute.StringType, attribute.Value);
                    }
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or EncoderFallbackException or AsnContentException)
        {
            error = new(string.Join(", ", list.Select(a => $"{a.Oid}={a.Value}")), $"cannot encode distinguished name: {e.Message}");
            return false;
        }
        name = new DistinguishedName(list, writer.Encode());
        error = default;
        return true;
    }

    /// <summary>Decodes a DER Name from untrusted input; never throws.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> der, out DistinguishedName? name, out IdentityError error)
    {
        name = null;
        var attributes = new List<AttributeTypeAndValue>();
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf();
                while (set.HasData)
                {
                    if (attributes.Count == MaxAttributes)
                    {
                        error = new(Convert.ToHexString(der.Span), $"more than {MaxAttributes} attributes in a distinguished name");
                        return false;
                    }
                    var ava = set.ReadSequence();
                    string oid = ava.ReadObjectIdentifier();
                    var tag = ava.PeekTag();
                    if (tag.TagClass != TagClass.Universal)
                    {
                        error = new(Convert.ToHexString(der.Span), "distinguished name attribute value is not a universal string type");
                        return false;
                    }
                    var type = (UniversalTagNumber)tag.TagValue;
                    string value = ava.ReadCharacterString(type);
                    ava.ThrowIfNotEmpty();
                    attributes.Add(new AttributeTypeAndValue(oid, value, type));
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
            error = new(Convert.ToHexString(der.Span), $"malformed distinguished name: {e.Message}");
            return false;
        }
        name = new DistinguishedName([.. attributes], der.ToArray());
        error = default;
        return true;
    }

    /// <summary>How this (configured, possibly wildcard) name matches <paramref name="other"/>.</summary>
    public IdentityMatch Match(DistinguishedName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._attributes.Length != _attributes.Length) { return IdentityMatch.None; }
        bool wildcard = false;
        for (int i = 0; i < _attributes.Length; i++)
        {
            var mine = _attributes[i];
            var theirs = other._attributes[i];
            if (mine.Oid != theirs.Oid) { return IdentityMatch.None; }
            if (mine.Value == "*") { wildcard = true; continue; }
            if (!string.Equals(mine.Value, theirs.Value, StringComparison.OrdinalIgnoreCase)) { return IdentityMatch.None; }
        }
        return wildcard ? IdentityMatch.Wildcard : IdentityMatch.Exact;
    }

    /// <summary>strongSwan's notation, e.g. <c>C=CH, O=strongSwan, CN=moon</c> (commas and backslashes in values escaped).</summary>
    public override string ToString() =>
        string.Join(", ", _attributes.Select(a => $"{NameOf(a.Oid)}={a.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)}"));

    /// <summary>Names are equal when their DER encodings are.</summary>
    public bool Equals(DistinguishedName? other) => other is not null && Der.Span.SequenceEqual(other.Der.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DistinguishedName other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Der.Span);
        return hash.ToHashCode();
    }

    private static List<string> Split(string text)
    {
        var parts = new List<string>();
        if (text.Length == 0) { return parts; }
        char separator = text[0] == '/' ? '/' : ',';
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = separator == '/' ? 1 : 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length) { current.Append(text[++i]); continue; }
            if (c == '"') { quoted = !quoted; current.Append(c); continue; }
            if (c == separator && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static string? OidOf(string key)
    {
        foreach (var (name, oid) in Names)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) { return oid; }
        }
        bool numeric = key.Length > 2 && key.All(c => char.IsAsciiDigit(c) || c == '.') && key.Contains('.', StringComparison.Ordinal)
            && !key.Contains("..", StringComparison.Ordinal) && key[0] != '.' && key[^1] != '.';
        return numeric ? key : null;
    }

    private static string NameOf(string oid)
    {
        foreach (var (name, known) in Names)
        {
            if (known == oid) { return name; }
        }
        return oid;
    }

    private static UniversalTagNumber StringTypeFor(string oid, string value) => oid switch
    {
        "1.2.840.113549.1.9.1" => UniversalTagNumber.IA5String,
        _ => IsPrintable(value) ? UniversalTagNumber.PrintableString : UniversalTagNumber.UTF8String,
    };

    private static bool IsPrintable(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || " '()+,-./:=?".Contains(c, StringComparison.Ordinal));
}
