using System.Globalization;
using System.Net;
using DotSwan.Crypto;

namespace DotSwan.Ipsec.KeyLog;

/// <summary>
/// One line of Wireshark's <c>esp_sa</c> table (the format strongSwan's save-keys plugin writes):
/// "IPv4","source","destination","0xSPI","cipher","0xkey","integrity","0xkey". Used to decrypt captured ESP;
/// written only when the user asks for a key log.
/// </summary>
/// <param name="Source">The SA's source address.</param>
/// <param name="Destination">The SA's destination address.</param>
/// <param name="Spi">The SPI.</param>
/// <param name="Encryption">The encryption algorithm.</param>
/// <param name="EncryptionKey">The encryption key material (with the salt for AEADs).</param>
/// <param name="Integrity">The integrity algorithm (<see cref="IntegrityAlgorithm.None"/> with AEADs).</param>
/// <param name="IntegrityKey">The integrity key (empty with AEADs).</param>
public sealed record EspSaTableEntry(
    IPAddress Source, IPAddress Destination, uint Spi, EncryptionAlgorithm Encryption, byte[] EncryptionKey,
    IntegrityAlgorithm Integrity, byte[] IntegrityKey)
{
    // Wireshark names one entry per cipher family; the key length follows from the key.
    private static readonly (string Name, EncryptionAlgorithm Algorithm, int SaltLength)[] EncryptionNames =
    [
        ("NULL", EncryptionAlgorithm.Null, 0),
        ("TripleDes-CBC [RFC2451]", EncryptionAlgorithm.TripleDes, 0),
        ("AES-CBC [RFC3602]", EncryptionAlgorithm.AesCbc, 0),
        ("AES-CTR [RFC3686]", EncryptionAlgorithm.AesCtr, 4),
        ("DES-CBC [RFC2405]", EncryptionAlgorithm.Des, 0),
        ("AES-GCM with 8 octet ICV [RFC4106]", EncryptionAlgorithm.AesGcm8, 4),
        ("AES-GCM with 12 octet ICV [RFC4106]", EncryptionAlgorithm.AesGcm12, 4),
        ("AES-GCM with 16 octet ICV [RFC4106]", EncryptionAlgorithm.AesGcm16, 4),
    ];

    private static readonly (string Name, IntegrityAlgorithm Algorithm)[] IntegrityNames =
    [
        ("NULL", IntegrityAlgorithm.None),
        ("HMAC-MD5-96 [RFC2403]", IntegrityAlgorithm.HmacMd596),
        ("HMAC-SHA-1-96 [RFC2404]", IntegrityAlgorithm.HmacSha196),
        ("HMAC-SHA-256-128 [RFC4868]", IntegrityAlgorithm.HmacSha256128),
        ("HMAC-SHA-384-192 [RFC4868]", IntegrityAlgorithm.HmacSha384192),
        ("HMAC-SHA-512-256 [RFC4868]", IntegrityAlgorithm.HmacSha512256),
    ];

    /// <summary>The encryption key length in bits, without the salt.</summary>
    public int EncryptionKeyLengthBits =>
        (EncryptionKey.Length - EncryptionNames.First(e => e.Algorithm == Encryption).SaltLength) * 8;

    /// <summary>Parses one line; false with a reason for anything else.</summary>
    public static bool TryParse(string line, out EspSaTableEntry? entry, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        entry = null;
        var fields = line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
        if (fields.Length != 8)
        {
            error = $"expected 8 comma-separated fields, found {fields.Length}";
            return false;
        }
        int encryption = Array.FindIndex(EncryptionNames, e => e.Name == fields[4]);
        int integrity = Array.FindIndex(IntegrityNames, e => e.Name == fields[6]);
        if (fields[0] is not ("IPv4" or "IPv6")) { error = $"unknown protocol \"{fields[0]}\""; return false; }
        if (encryption < 0) { error = $"unknown encryption algorithm \"{fields[4]}\""; return false; }
        if (integrity < 0) { error = $"unknown integrity algorithm \"{fields[6]}\""; return false; }
        if (!IPAddress.TryParse(fields[1], out var source) || !IPAddress.TryParse(fields[2], out var destination))
        {
            error = "addresses must be IP addresses";
            return false;
        }
        if (!TryHex(fields[3], out var spiBytes) || spiBytes.Length != 4 || !TryHex(fields[5], out var encryptionKey) || !TryHex(fields[7], out var integrityKey))
        {
            error = "SPI and keys must be 0x-prefixed hex (a 4-byte SPI)";
            return false;
        }
        entry = new EspSaTableEntry(source, destination, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(spiBytes),
            EncryptionNames[encryption].Algorithm, encryptionKey, IntegrityNames[integrity].Algorithm, integrityKey);
        error = null;
        return true;
    }

    /// <summary>Formats the entry as Wireshark reads it.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"\"{(Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}\",\"{Source}\",\"{Destination}\",\"0x{Spi:x8}\","
        + $"\"{EncryptionNames.First(e => e.Algorithm == Encryption).Name}\",\"0x{Convert.ToHexStringLower(EncryptionKey)}\","
        + $"\"{IntegrityNames.First(e => e.Algorithm == Integrity).Name}\",\"0x{Convert.ToHexStringLower(IntegrityKey)}\"");

    /// <summary>Settings for an SA with these keys (UDP-encapsulated tunnel mode, as strongSwan's kernel-libipsec uses).</summary>
    public SecurityAssociationSettings ToSettings(SaDirection direction, UdpEncapsulationPorts? udpEncapsulation) => new()
    {
        Spi = Spi,
        Direction = direction,
        Source = Source,
        Destination = Destination,
        Encryption = Encryption,
        EncryptionKeyLengthBits = EncryptionKeyLengthBits,
        Integrity = Integrity,
        UdpEncapsulation = udpEncapsulation,
    };

    /// <summary>Never prints keys.</summary>
    public override string ToString() => $"ESP SA 0x{Spi:x8} {Source} -> {Destination} ({Encryption}/{Integrity})";

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (!text.StartsWith("0x", StringComparison.Ordinal)) { return false; }
        try
        {
            bytes = Convert.FromHexString(text.AsSpan(2));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
