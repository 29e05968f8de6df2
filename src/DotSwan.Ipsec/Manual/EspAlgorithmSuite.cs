using DotSwan.Crypto;

namespace DotSwan.Ipsec.Manual;

/// <summary>
/// An ESP algorithm suite named the way strongSwan users write ESP proposals: "aes128gcm16", "chacha20poly1305",
/// "aes256-sha256", "aes128ctr-aesxcbc", "null-sha256". AEADs stand alone; other ciphers take exactly one integrity algorithm.
/// </summary>
/// <param name="Encryption">The encryption transform.</param>
/// <param name="KeyLengthBits">Its Key Length attribute in bits (0 when it has none).</param>
/// <param name="Integrity">The integrity transform (<see cref="IntegrityAlgorithm.None"/> with an AEAD).</param>
public sealed record EspAlgorithmSuite(EncryptionAlgorithm Encryption, int KeyLengthBits, IntegrityAlgorithm Integrity)
{
    private static readonly Dictionary<string, (EncryptionAlgorithm Algorithm, int Bits)> EncryptionNames = BuildEncryptionNames();

    private static readonly Dictionary<string, IntegrityAlgorithm> IntegrityNames = new(StringComparer.Ordinal)
    {
        ["md5"] = IntegrityAlgorithm.HmacMd596,
        ["sha1"] = IntegrityAlgorithm.HmacSha196,
        ["sha"] = IntegrityAlgorithm.HmacSha196,
        ["sha256"] = IntegrityAlgorithm.HmacSha256128,
        ["sha2_256"] = IntegrityAlgorithm.HmacSha256128,
        ["sha384"] = IntegrityAlgorithm.HmacSha384192,
        ["sha2_384"] = IntegrityAlgorithm.HmacSha384192,
        ["sha512"] = IntegrityAlgorithm.HmacSha512256,
        ["sha2_512"] = IntegrityAlgorithm.HmacSha512256,
        ["aesxcbc"] = IntegrityAlgorithm.AesXcbc96,
        ["aescmac"] = IntegrityAlgorithm.AesCmac96,
    };

    /// <summary>The encryption names understood, for error messages.</summary>
    public static string AllowedEncryptionNames => "aes128|aes192|aes256 (CBC), aes128ctr…, aes128gcm8|12|16 (also gcm64|96|128), "
                                                   + "aes128ccm8|12|16…, chacha20poly1305, 3des, null";

    /// <summary>The integrity names understood, for error messages.</summary>
    public static string AllowedIntegrityNames => string.Join('|', IntegrityNames.Keys);

    /// <summary>
    /// Parses the integrity algorithm of an AH SA, named as in ESP suites ("sha256", "sha1", "aesxcbc" …; strongSwan writes
    /// AH proposals the same way). False with an error that lists the allowed names. Never throws on the text.
    /// </summary>
    public static bool TryParseIntegrity(string text, out IntegrityAlgorithm integrity, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IntegrityNames.TryGetValue(text.Trim().ToLowerInvariant(), out integrity))
        {
            error = null;
            return true;
        }

        error = $"unknown AH integrity algorithm \"{text}\"; allowed: {AllowedIntegrityNames}";
        return false;
    }

    /// <summary>Parses a suite; false with an error that says what is wrong and what is allowed. Never throws on the text.</summary>
    public static bool TryParse(string text, out EspAlgorithmSuite? suite, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        suite = null;
        var tokens = text.Trim().ToLowerInvariant().Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            error = $"empty algorithm suite; write e.g. aes128gcm16 or aes256-sha256 (encryption: {AllowedEncryptionNames})";
            return false;
        }

        if (!EncryptionNames.TryGetValue(tokens[0], out var encryption))
        {
            error = $"unknown encryption algorithm \"{tokens[0]}\" in \"{text}\"; allowed: {AllowedEncryptionNames}";
            return false;
        }

        bool aead = Crypto.TransformRegistry.IsAead(encryption.Algorithm);
        if (aead)
        {
            if (tokens.Length != 1)
            {
                error = $"\"{tokens[0]}\" is an AEAD and takes no integrity algorithm (found \"{string.Join('-', tokens[1..])}\")";
                return false;
            }

            suite = new EspAlgorithmSuite(encryption.Algorithm, encryption.Bits, IntegrityAlgorithm.None);
            error = null;
            return true;
        }

        if (tokens.Length != 2)
        {
            error = $"\"{tokens[0]}\" needs exactly one integrity algorithm, e.g. {tokens[0]}-sha256; allowed: {AllowedIntegrityNames}";
            return false;
        }

        if (!IntegrityNames.TryGetValue(tokens[1], out var integrity))
        {
            error = $"unknown integrity algorithm \"{tokens[1]}\" in \"{text}\"; allowed: {AllowedIntegrityNames}";
            return false;
        }

        suite = new EspAlgorithmSuite(encryption.Algorithm, encryption.Bits, integrity);
        error = null;
        return true;
    }

    private static Dictionary<string, (EncryptionAlgorithm, int)> BuildEncryptionNames()
    {
        var names = new Dictionary<string, (EncryptionAlgorithm, int)>(StringComparer.Ordinal)
        {
            ["aes"] = (EncryptionAlgorithm.AesCbc, 128),
            ["3des"] = (EncryptionAlgorithm.TripleDes, 0),
            ["null"] = (EncryptionAlgorithm.Null, 0),
            ["chacha20poly1305"] = (EncryptionAlgorithm.ChaCha20Poly1305, 0),
        };
        foreach (int bits in new[] { 128, 192, 256 })
        {
            names[$"aes{bits}"] = (EncryptionAlgorithm.AesCbc, bits);
            names[$"aes{bits}ctr"] = (EncryptionAlgorithm.AesCtr, bits);
            foreach (var (mode, icv8, icv12, icv16) in new[]
                     {
                         ("gcm", EncryptionAlgorithm.AesGcm8, EncryptionAlgorithm.AesGcm12, EncryptionAlgorithm.AesGcm16),
                         ("ccm", EncryptionAlgorithm.AesCcm8, EncryptionAlgorithm.AesCcm12, EncryptionAlgorithm.AesCcm16),
                     })
            {
                // strongSwan accepts the ICV length in bytes (8/12/16) and in bits (64/96/128).
                names[$"aes{bits}{mode}8"] = names[$"aes{bits}{mode}64"] = (icv8, bits);
                names[$"aes{bits}{mode}12"] = names[$"aes{bits}{mode}96"] = (icv12, bits);
                names[$"aes{bits}{mode}16"] = names[$"aes{bits}{mode}128"] = (icv16, bits);
            }
        }

        return names;
    }
}
