using System.Globalization;
using DotSwan.Crypto;

namespace DotSwan.Ike.KeyLog;

/// <summary>
/// One line of Wireshark's <c>ikev2_decryption_table</c> (the format strongSwan's save-keys plugin writes):
/// SPIi, SPIr, SK_ei, SK_er, encryption algorithm, SK_ai, SK_ar, integrity algorithm. Used to decrypt captures
/// of IKEv2 traffic; the daemon writes it only when the user asks for a key log.
/// </summary>
/// <param name="InitiatorSpi">The IKE SA's initiator SPI.</param>
/// <param name="ResponderSpi">The IKE SA's responder SPI.</param>
/// <param name="EncryptionKeyInitiator">SK_ei (including the salt for AEADs).</param>
/// <param name="EncryptionKeyResponder">SK_er.</param>
/// <param name="Encryption">The encryption algorithm.</param>
/// <param name="EncryptionKeyLengthBits">Its key length in bits (0 when the algorithm has a fixed one).</param>
/// <param name="IntegrityKeyInitiator">SK_ai (empty with AEADs).</param>
/// <param name="IntegrityKeyResponder">SK_ar.</param>
/// <param name="Integrity">The integrity algorithm (<see cref="IntegrityAlgorithm.None"/> with AEADs).</param>
public sealed record Ikev2DecryptionTableEntry(
    ulong InitiatorSpi,
    ulong ResponderSpi,
    byte[] EncryptionKeyInitiator,
    byte[] EncryptionKeyResponder,
    EncryptionAlgorithm Encryption,
    int EncryptionKeyLengthBits,
    byte[] IntegrityKeyInitiator,
    byte[] IntegrityKeyResponder,
    IntegrityAlgorithm Integrity)
{
    private static readonly (string Name, EncryptionAlgorithm Algorithm, int Bits)[] EncryptionNames =
    [
        ("NULL [RFC2410]", EncryptionAlgorithm.Null, 0),
        ("3DES [RFC2451]", EncryptionAlgorithm.TripleDes, 192),
        ("AES-CBC-128 [RFC3602]", EncryptionAlgorithm.AesCbc, 128),
        ("AES-CBC-192 [RFC3602]", EncryptionAlgorithm.AesCbc, 192),
        ("AES-CBC-256 [RFC3602]", EncryptionAlgorithm.AesCbc, 256),
        ("AES-CTR-128 [RFC5930]", EncryptionAlgorithm.AesCtr, 128),
        ("AES-CTR-192 [RFC5930]", EncryptionAlgorithm.AesCtr, 192),
        ("AES-CTR-256 [RFC5930]", EncryptionAlgorithm.AesCtr, 256),
        ("AES-GCM-128 with 8 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm8, 128),
        ("AES-GCM-192 with 8 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm8, 192),
        ("AES-GCM-256 with 8 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm8, 256),
        ("AES-GCM-128 with 12 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm12, 128),
        ("AES-GCM-192 with 12 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm12, 192),
        ("AES-GCM-256 with 12 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm12, 256),
        ("AES-GCM-128 with 16 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm16, 128),
        ("AES-GCM-192 with 16 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm16, 192),
        ("AES-GCM-256 with 16 octet ICV [RFC5282]", EncryptionAlgorithm.AesGcm16, 256),
        ("ChaCha20-Poly1305 [RFC7634]", EncryptionAlgorithm.ChaCha20Poly1305, 256),
    ];

    private static readonly (string Name, IntegrityAlgorithm Algorithm)[] IntegrityNames =
    [
        ("NONE [RFC4306]", IntegrityAlgorithm.None),
        ("HMAC_MD5_96 [RFC2403]", IntegrityAlgorithm.HmacMd596),
        ("HMAC_SHA1_96 [RFC2404]", IntegrityAlgorithm.HmacSha196),
        ("AES_XCBC_96 [RFC3566]", IntegrityAlgorithm.AesXcbc96),
        ("HMAC_SHA2_256_128 [RFC4868]", IntegrityAlgorithm.HmacSha256128),
        ("HMAC_SHA2_384_192 [RFC4868]", IntegrityAlgorithm.HmacSha384192),
        ("HMAC_SHA2_512_256 [RFC4868]", IntegrityAlgorithm.HmacSha512256),
    ];

    /// <summary>Parses one line; false (with a reason) for anything else, including names Wireshark would not know.</summary>
    public static bool TryParse(string line, out Ikev2DecryptionTableEntry? entry, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        entry = null;
        var fields = line.Split(',');
        if (fields.Length != 8)
        {
            error = $"expected 8 comma-separated fields, found {fields.Length}";
            return false;
        }
        for (int i = 0; i < fields.Length; i++) { fields[i] = fields[i].Trim().Trim('"'); }
        int encryptionIndex = Array.FindIndex(EncryptionNames, e => e.Name == fields[4]);
        int integrityIndex = Array.FindIndex(IntegrityNames, e => e.Name == fields[7]);
        if (encryptionIndex < 0) { error = $"unknown encryption algorithm \"{fields[4]}\""; return false; }
        if (integrityIndex < 0) { error = $"unknown integrity algorithm \"{fields[7]}\""; return false; }
        if (!ulong.TryParse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong spii)
            || !ulong.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong spir))
        {
            error = "SPIs must be 16 hex digits";
            return false;
        }
        try
        {
            entry = new Ikev2DecryptionTableEntry(
                spii, spir, Convert.FromHexString(fields[2]), Convert.FromHexString(fields[3]),
                EncryptionNames[encryptionIndex].Algorithm, EncryptionNames[encryptionIndex].Bits,
                Convert.FromHexString(fields[5]), Convert.FromHexString(fields[6]), IntegrityNames[integrityIndex].Algorithm);
        }
        catch (FormatException)
        {
            error = "keys must be hex";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Formats the entry as Wireshark reads it.</summary>
    public string Format()
    {
        string encryption = EncryptionNames.First(e => e.Algorithm == Encryption && e.Bits == EncryptionKeyLengthBits).Name;
        string integrity = IntegrityNames.First(e => e.Algorithm == Integrity).Name;
        return string.Create(CultureInfo.InvariantCulture,
            $"{InitiatorSpi:x16},{ResponderSpi:x16},{Hex(EncryptionKeyInitiator)},{Hex(EncryptionKeyResponder)},\"{encryption}\",{Hex(IntegrityKeyInitiator)},{Hex(IntegrityKeyResponder)},\"{integrity}\"");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Never prints keys.</summary>
    public override string ToString() => $"IKEv2 keys for {InitiatorSpi:x16}_i {ResponderSpi:x16}_r ({Encryption}/{Integrity})";
}
