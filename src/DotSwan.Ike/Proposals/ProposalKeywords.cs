using System.Collections.Frozen;
using DotSwan.Crypto;

namespace DotSwan.Ike.Proposals;

/// <summary>
/// strongSwan's algorithm keywords (swanctl.conf proposals) mapped to IKEv2 transforms. The first keyword listed for a
/// transform is the one used when formatting; the others are accepted aliases. Keyword names and IANA numbers only,
/// taken from strongSwan's public cipher suite documentation; no strongSwan code.
/// </summary>
internal static class ProposalKeywords
{
    private static readonly (string Keyword, ProposalTransform Transform)[] Table = Build();

    private static readonly FrozenDictionary<string, ProposalTransform> ByKeyword =
        Table.ToFrozenDictionary(e => e.Keyword, e => e.Transform, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<ProposalTransform, string> ByTransform = BuildReverse();

    /// <summary>Every keyword, canonical ones first for each transform (tests and error messages use this).</summary>
    public static IEnumerable<string> All => Table.Select(e => e.Keyword);

    /// <summary>The canonical keywords, one per transform.</summary>
    public static IEnumerable<KeyValuePair<ProposalTransform, string>> Canonical => ByTransform;

    public static bool TryLookup(string keyword, out ProposalTransform transform) => ByKeyword.TryGetValue(keyword, out transform);

    public static bool TryFormat(ProposalTransform transform, out string keyword)
    {
        if (transform.Type >= TransformType.AdditionalKeyExchange1)
        {
            int index = transform.Type - TransformType.AdditionalKeyExchange1 + 1;
            if (ByTransform.TryGetValue(transform with { Type = TransformType.KeyExchange }, out var baseKeyword))
            {
                keyword = $"ke{index}_{baseKeyword}";
                return true;
            }
            keyword = "";
            return false;
        }
        if (transform.Type == TransformType.Encryption && transform.Id == (ushort)EncryptionAlgorithm.ChaCha20Poly1305 && transform.KeyLength == 256)
        {
            transform = transform with { KeyLength = 0 };
        }
        return ByTransform.TryGetValue(transform, out keyword!);
    }

    private static FrozenDictionary<ProposalTransform, string> BuildReverse()
    {
        var reverse = new Dictionary<ProposalTransform, string>();
        foreach (var (keyword, transform) in Table) { reverse.TryAdd(transform, keyword); }
        return reverse.ToFrozenDictionary();
    }

    private static (string, ProposalTransform)[] Build()
    {
        var list = new List<(string, ProposalTransform)>();
        void Encr(EncryptionAlgorithm algorithm, int bits, params string[] names)
        {
            foreach (var name in names) { list.Add((name, new ProposalTransform(TransformType.Encryption, (ushort)algorithm, bits))); }
        }
        void Integ(IntegrityAlgorithm algorithm, params string[] names)
        {
            foreach (var name in names) { list.Add((name, new ProposalTransform(TransformType.Integrity, (ushort)algorithm))); }
        }
        void Prf(PrfAlgorithm algorithm, params string[] names)
        {
            foreach (var name in names) { list.Add((name, new ProposalTransform(TransformType.Prf, (ushort)algorithm))); }
        }
        void Ke(KeyExchangeMethod method, params string[] names)
        {
            foreach (var name in names) { list.Add((name, new ProposalTransform(TransformType.KeyExchange, (ushort)method))); }
        }

        foreach (int bits in (int[])[128, 192, 256])
        {
            if (bits == 128) { Encr(EncryptionAlgorithm.AesCbc, 128, "aes128", "aes"); }
            else { Encr(EncryptionAlgorithm.AesCbc, bits, $"aes{bits}"); }
            Encr(EncryptionAlgorithm.AesCtr, bits, $"aes{bits}ctr");
            Encr(EncryptionAlgorithm.AesGcm8, bits, $"aes{bits}gcm8", $"aes{bits}gcm64");
            Encr(EncryptionAlgorithm.AesGcm12, bits, $"aes{bits}gcm12", $"aes{bits}gcm96");
            Encr(EncryptionAlgorithm.AesGcm16, bits, $"aes{bits}gcm16", $"aes{bits}gcm128", $"aes{bits}gcm");
            Encr(EncryptionAlgorithm.AesCcm8, bits, $"aes{bits}ccm8", $"aes{bits}ccm64");
            Encr(EncryptionAlgorithm.AesCcm12, bits, $"aes{bits}ccm12", $"aes{bits}ccm96");
            Encr(EncryptionAlgorithm.AesCcm16, bits, $"aes{bits}ccm16", $"aes{bits}ccm128", $"aes{bits}ccm");
        }
        Encr(EncryptionAlgorithm.ChaCha20Poly1305, 0, "chacha20poly1305");
        Encr(EncryptionAlgorithm.TripleDes, 0, "3des");
        Encr(EncryptionAlgorithm.Des, 0, "des");
        Encr(EncryptionAlgorithm.Null, 0, "null");

        Integ(IntegrityAlgorithm.HmacSha196, "sha1", "sha");
        Integ(IntegrityAlgorithm.HmacSha256128, "sha256", "sha2_256");
        Integ(IntegrityAlgorithm.HmacSha384192, "sha384", "sha2_384");
        Integ(IntegrityAlgorithm.HmacSha512256, "sha512", "sha2_512");
        Integ(IntegrityAlgorithm.HmacMd596, "md5");
        Integ(IntegrityAlgorithm.AesXcbc96, "aesxcbc");
        Integ(IntegrityAlgorithm.AesCmac96, "aescmac");

        Prf(PrfAlgorithm.HmacSha1, "prfsha1");
        Prf(PrfAlgorithm.HmacSha256, "prfsha256");
        Prf(PrfAlgorithm.HmacSha384, "prfsha384");
        Prf(PrfAlgorithm.HmacSha512, "prfsha512");
        Prf(PrfAlgorithm.HmacMd5, "prfmd5");
        Prf(PrfAlgorithm.Aes128Xcbc, "prfaesxcbc");
        Prf(PrfAlgorithm.Aes128Cmac, "prfaescmac");

        Ke(KeyExchangeMethod.Modp768, "modp768");
        Ke(KeyExchangeMethod.Modp1024, "modp1024");
        Ke(KeyExchangeMethod.Modp1536, "modp1536");
        Ke(KeyExchangeMethod.Modp2048, "modp2048");
        Ke(KeyExchangeMethod.Modp3072, "modp3072");
        Ke(KeyExchangeMethod.Modp4096, "modp4096");
        Ke(KeyExchangeMethod.Modp6144, "modp6144");
        Ke(KeyExchangeMethod.Modp8192, "modp8192");
        Ke(KeyExchangeMethod.Ecp256, "ecp256");
        Ke(KeyExchangeMethod.Ecp384, "ecp384");
        Ke(KeyExchangeMethod.Ecp521, "ecp521");
        Ke(KeyExchangeMethod.Brainpool224, "ecp224bp");
        Ke(KeyExchangeMethod.Brainpool256, "ecp256bp");
        Ke(KeyExchangeMethod.Brainpool384, "ecp384bp");
        Ke(KeyExchangeMethod.Brainpool512, "ecp512bp");
        Ke(KeyExchangeMethod.Curve25519, "x25519", "curve25519");
        Ke(KeyExchangeMethod.Curve448, "x448", "curve448");
        Ke(KeyExchangeMethod.MlKem512, "mlkem512");
        Ke(KeyExchangeMethod.MlKem768, "mlkem768");
        Ke(KeyExchangeMethod.MlKem1024, "mlkem1024");

        list.Add(("noesn", new ProposalTransform(TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.None)));
        list.Add(("esn", new ProposalTransform(TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.Extended)));
        return [.. list];
    }
}
