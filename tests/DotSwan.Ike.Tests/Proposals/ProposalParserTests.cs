using DotSwan.Crypto;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Tests.Proposals;

public class ProposalParserTests
{
    public static TheoryData<string, string> IkeExamples => new()
    {
        { "aes256gcm16-prfsha384-x25519", "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/CURVE_25519" },
        { "aes256-sha256-modp2048", "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" },
        { "aes128-aes256-sha256-sha1-modp3072-ecp256",
            "IKE:AES_CBC_128/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA1_96/PRF_HMAC_SHA2_256/PRF_HMAC_SHA1/MODP_3072/ECP_256" },
        { "aes256gcm16-prfsha256-ecp256-ke1_mlkem768", "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/ECP_256/KE1_ML_KEM_768" },
        { "chacha20poly1305-prfsha256-x25519", "IKE:CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519" },
        { "3des-md5-modp1024", "IKE:3DES_CBC/HMAC_MD5_96/PRF_HMAC_MD5/MODP_1024" },
        { "aes128-sha256-prfsha384-ecp384", "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_384/ECP_384" },
    };

    public static TheoryData<string, string> EspExamples => new()
    {
        { "aes128gcm16-modp2048", "ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ" },
        { "aes256-sha256", "ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ" },
        { "aes128ctr-aesxcbc", "ESP:AES_CTR_128/AES_XCBC_96/NO_EXT_SEQ" },
        { "null-sha256", "ESP:NULL/HMAC_SHA2_256_128/NO_EXT_SEQ" },
        { "aes128gcm16-esn", "ESP:AES_GCM_16_128/EXT_SEQ" },
        { "aes128gcm16-esn-noesn", "ESP:AES_GCM_16_128/EXT_SEQ/NO_EXT_SEQ" },
    };

    [Theory]
    [MemberData(nameof(IkeExamples))]
    public void Ike_examples_parse_describe_and_round_trip(string text, string described)
    {
        var suite = ProposalParser.Parse(text, ProposalProtocol.Ike);
        Assert.Equal(described, suite.ToString());
        var again = ProposalParser.Parse(suite.ToProposalString(), ProposalProtocol.Ike);
        Assert.Equal(suite, again);
    }

    [Theory]
    [MemberData(nameof(EspExamples))]
    public void Esp_examples_parse_describe_and_round_trip(string text, string described)
    {
        var suite = ProposalParser.Parse(text, ProposalProtocol.Esp);
        Assert.Equal(described, suite.ToString());
        Assert.Equal(text, suite.ToProposalString());
    }

    [Fact]
    public void Ah_sha256_parses_and_implies_noesn()
    {
        var suite = ProposalParser.Parse("sha256", ProposalProtocol.Ah);
        Assert.Equal("AH:HMAC_SHA2_256_128/NO_EXT_SEQ", suite.ToString());
        Assert.Equal("sha256", suite.ToProposalString());
    }

    [Fact]
    public void Every_canonical_keyword_round_trips_in_a_proposal_of_its_type()
    {
        int count = 0;
        foreach (var (transform, keyword) in ProposalKeywords.Canonical)
        {
            string text = transform.Type switch
            {
                TransformType.Encryption when transform.IsAead => $"{keyword}-prfsha256-x25519",
                TransformType.Encryption => $"{keyword}-sha256-x25519",
                TransformType.Integrity => $"aes128-{keyword}-x25519",
                TransformType.Prf => $"aes128gcm16-{keyword}-x25519",
                TransformType.KeyExchange => $"aes128gcm16-prfsha256-{keyword}",
                _ => "",
            };
            if (transform.Type == TransformType.ExtendedSequenceNumbers)
            {
                var esp = ProposalParser.Parse($"aes128gcm16-{keyword}", ProposalProtocol.Esp);
                Assert.Equal(transform, esp.Of(TransformType.ExtendedSequenceNumbers).Single());
                count++;
                continue;
            }
            var suite = ProposalParser.Parse(text, ProposalProtocol.Ike);
            Assert.Contains(transform, suite.Transforms);
            Assert.Equal(text, suite.ToProposalString());
            count++;
        }
        Assert.True(count >= 64, $"only {count} canonical keywords");
    }

    [Fact]
    public void Every_keyword_of_the_key_exchange_table_also_works_as_an_additional_key_exchange()
    {
        foreach (var (transform, keyword) in ProposalKeywords.Canonical.Where(k => k.Key.Type == TransformType.KeyExchange))
        {
            for (int i = 1; i <= 7; i++)
            {
                string text = $"aes128gcm16-prfsha256-x25519-ke{i}_{keyword}";
                var suite = ProposalParser.Parse(text, ProposalProtocol.Ike);
                Assert.Equal([(KeyExchangeMethod)transform.Id], suite.AdditionalKeyExchange(i));
                Assert.Equal(text, suite.ToProposalString());
            }
        }
    }

    [Theory]
    [InlineData("aes", "aes128")]
    [InlineData("aes128gcm128", "aes128gcm16")]
    [InlineData("aes256gcm96", "aes256gcm12")]
    [InlineData("aes192gcm64", "aes192gcm8")]
    [InlineData("aes128ccm128", "aes128ccm16")]
    [InlineData("curve25519", "x25519")]
    [InlineData("curve448", "x448")]
    [InlineData("sha", "sha1")]
    [InlineData("sha2_256", "sha256")]
    [InlineData("AES256GCM16", "aes256gcm16")]
    public void Aliases_parse_to_the_canonical_transform(string alias, string canonical)
    {
        Assert.True(ProposalKeywords.TryLookup(alias, out var a));
        Assert.True(ProposalKeywords.TryLookup(canonical, out var c));
        Assert.Equal(c, a);
        Assert.True(ProposalKeywords.TryFormat(a, out var formatted));
        Assert.Equal(canonical, formatted);
    }

    [Fact]
    public void Non_aead_ike_without_prf_derives_prfs_from_integrity_in_order()
    {
        var suite = ProposalParser.Parse("aes128-sha384-aesxcbc-sha1-ecp256", ProposalProtocol.Ike);
        Assert.Equal([PrfAlgorithm.HmacSha384, PrfAlgorithm.Aes128Xcbc, PrfAlgorithm.HmacSha1], suite.Prf);
        Assert.Equal("aes128-sha384-aesxcbc-sha1-ecp256", suite.ToProposalString());
    }

    [Fact]
    public void Order_of_types_does_not_matter_but_order_within_a_type_does()
    {
        var a = ProposalParser.Parse("aes256gcm16-aes192gcm16-prfsha384-prfsha256-ecp384-modp3072", ProposalProtocol.Ike);
        var b = ProposalParser.Parse("aes256gcm16-prfsha384-ecp384-aes192gcm16-prfsha256-modp3072", ProposalProtocol.Ike);
        var c = ProposalParser.Parse("aes192gcm16-aes256gcm16-prfsha384-prfsha256-ecp384-modp3072", ProposalProtocol.Ike);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("aes256-sha256-modp2049", ProposalErrorKind.UnknownKeyword, "modp2049", 14)]
    [InlineData("aes256--sha256-modp2048", ProposalErrorKind.UnknownKeyword, "", 7)]
    [InlineData("aes256gcm16-aes256-prfsha256-x25519", ProposalErrorKind.MixedAeadAndClassic, "", 0)]
    [InlineData("aes256-modp2048", ProposalErrorKind.MissingIntegrity, "", 0)]
    [InlineData("aes256gcm16-x25519", ProposalErrorKind.MissingPrf, "", 0)]
    [InlineData("aes256gcm16-prfsha256", ProposalErrorKind.MissingKeyExchange, "", 0)]
    [InlineData("sha256-prfsha256-x25519", ProposalErrorKind.MissingEncryption, "", 0)]
    [InlineData("aes256gcm16-prfsha256-x25519-esn", ProposalErrorKind.NotAllowedForProtocol, "esn", 29)]
    [InlineData("ke9_mlkem768-aes256gcm16-prfsha256-x25519", ProposalErrorKind.UnknownKeyword, "ke9_mlkem768", 0)]
    [InlineData("aes256gcm16-prfsha256-x25519-ke1_aes128", ProposalErrorKind.UnknownKeyword, "ke1_aes128", 29)]
    [InlineData("", ProposalErrorKind.Empty, "", 0)]
    public void Bad_ike_proposals_give_typed_errors_naming_the_token(string text, ProposalErrorKind kind, string token, int position)
    {
        Assert.False(ProposalParser.TryParse(text, ProposalProtocol.Ike, out var suite, out var error));
        Assert.Null(suite);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(token, error.Token);
        Assert.Equal(position, error.Position);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Unknown_keyword_message_names_the_token_and_what_is_allowed()
    {
        Assert.False(ProposalParser.TryParse("aes256-sha256-modp2049", ProposalProtocol.Ike, out _, out var error));
        Assert.Contains("'modp2049'", error.Message);
        Assert.Contains("modp2048", error.Message);
        Assert.Contains("x25519", error.Message);
    }

    [Theory]
    [InlineData("aes256", ProposalErrorKind.MissingIntegrity, "")]
    [InlineData("null", ProposalErrorKind.MissingIntegrity, "")]
    [InlineData("aes256gcm16-aes256-sha256", ProposalErrorKind.MixedAeadAndClassic, "")]
    [InlineData("aes256gcm16-ke1_mlkem768", ProposalErrorKind.AdditionalKeyExchangeWithoutKeyExchange, "")]
    public void Bad_esp_proposals_give_typed_errors(string text, ProposalErrorKind kind, string token)
    {
        Assert.False(ProposalParser.TryParse(text, ProposalProtocol.Esp, out _, out var error));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(token, error.Token);
    }

    // strongSwan 5.9.8 measured on this machine (swanctl --load-conns, charon cfg log "proposals = ..."), 2026-11-23.
    // Each row: our input, the protocol, and the proposal charon reported after loading it.
    [Theory]
    [InlineData("aes256gcm16-sha256-x25519", ProposalProtocol.Ike, "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519")]
    [InlineData("aes256gcm16-sha384-sha256-x25519", ProposalProtocol.Ike, "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_256/CURVE_25519")]
    [InlineData("aes256-sha256-modp2048", ProposalProtocol.Ike, "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048")]
    [InlineData("aes256-sha256-prfsha384-modp2048", ProposalProtocol.Ike, "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_384/MODP_2048")]
    [InlineData("aes-sha-modp1024", ProposalProtocol.Ike, "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024")]
    [InlineData("aes128-sha2_256-prfsha256-x25519", ProposalProtocol.Ike, "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519")]
    [InlineData("aes128-sha256-prfsha256-curve25519-x448", ProposalProtocol.Ike, "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519/CURVE_448")]
    [InlineData("aes128-sha256-prfsha256-ecp224bp", ProposalProtocol.Ike, "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_224_BP")]
    [InlineData("3des-md5-modp1024", ProposalProtocol.Ike, "IKE:3DES_CBC/HMAC_MD5_96/PRF_HMAC_MD5/MODP_1024")]
    [InlineData("aes128gcm16", ProposalProtocol.Esp, "ESP:AES_GCM_16_128/NO_EXT_SEQ")]
    [InlineData("aes128gcm16-sha256", ProposalProtocol.Esp, "ESP:AES_GCM_16_128/NO_EXT_SEQ")]
    [InlineData("aes128gcm16-prfsha256", ProposalProtocol.Esp, "ESP:AES_GCM_16_128/NO_EXT_SEQ")]
    [InlineData("aes128-sha256-esn-noesn", ProposalProtocol.Esp, "ESP:AES_CBC_128/HMAC_SHA2_256_128/EXT_SEQ/NO_EXT_SEQ")]
    [InlineData("aes128gcm16-modp2048", ProposalProtocol.Esp, "ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ")]
    [InlineData("aes128gcm128-modp2048", ProposalProtocol.Esp, "ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ")]
    [InlineData("aes128gcm-modp2048", ProposalProtocol.Esp, "ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ")]
    [InlineData("aes128gcm16-esn", ProposalProtocol.Esp, "ESP:AES_GCM_16_128/EXT_SEQ")]
    [InlineData("aes192gcm64-x25519", ProposalProtocol.Esp, "ESP:AES_GCM_8_192/CURVE_25519/NO_EXT_SEQ")]
    [InlineData("chacha20poly1305", ProposalProtocol.Esp, "ESP:CHACHA20_POLY1305/NO_EXT_SEQ")]
    public void Parses_like_strongswan_5_9_8(string text, ProposalProtocol protocol, string charon)
    {
        Assert.True(ProposalParser.TryParse(text, protocol, out var suite, out var error), error.Message);
        Assert.Equal(charon, suite!.ToString());
    }

    // Refused by strongSwan 5.9.8 as well (its log: "a PRF algorithm is mandatory in IKE proposals", "a DH group is
    // mandatory in IKE proposals", "classic and combined-mode (AEAD) encryption algorithms can't be contained in the same IKE proposal").
    [Theory]
    [InlineData("aes256gcm16-x25519", ProposalErrorKind.MissingPrf)]
    [InlineData("aes256-sha256", ProposalErrorKind.MissingKeyExchange)]
    [InlineData("aes256gcm16-aes256-sha256-prfsha256-x25519", ProposalErrorKind.MixedAeadAndClassic)]
    public void Refuses_what_strongswan_5_9_8_refuses(string text, ProposalErrorKind kind)
    {
        Assert.False(ProposalParser.TryParse(text, ProposalProtocol.Ike, out _, out var error));
        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void Typed_construction_is_strict_about_aead_with_integrity_and_prf_outside_ike()
    {
        var gcm = new ProposalTransform(TransformType.Encryption, (ushort)DotSwan.Crypto.EncryptionAlgorithm.AesGcm16, 128);
        var sha = new ProposalTransform(TransformType.Integrity, (ushort)DotSwan.Crypto.IntegrityAlgorithm.HmacSha256128);
        var prf = new ProposalTransform(TransformType.Prf, (ushort)DotSwan.Crypto.PrfAlgorithm.HmacSha256);
        Assert.False(CryptoSuite.TryCreate(ProposalProtocol.Esp, [gcm, sha], out _, out var error));
        Assert.Equal(ProposalErrorKind.AeadWithIntegrity, error.Kind);
        Assert.False(CryptoSuite.TryCreate(ProposalProtocol.Esp, [gcm, prf], out _, out error));
        Assert.Equal(ProposalErrorKind.NotAllowedForProtocol, error.Kind);
        Assert.Equal("prfsha256", error.Token);
    }

    [Fact]
    public void Ah_refuses_encryption()
    {
        Assert.False(ProposalParser.TryParse("aes128-sha256", ProposalProtocol.Ah, out _, out var error));
        Assert.Equal(ProposalErrorKind.NotAllowedForProtocol, error.Kind);
        Assert.Equal("aes128", error.Token);
    }

    [Fact]
    public void Lists_split_on_commas_and_default_expands()
    {
        var list = ProposalParser.ParseList("aes256gcm16-prfsha384-x25519, default", ProposalProtocol.Ike);
        Assert.Equal(1 + DefaultProposals.Ike.Count, list.Count);
        Assert.Equal("aes256gcm16-prfsha384-x25519", list[0].ToProposalString());
        Assert.Equal(DefaultProposals.Ike, list.Skip(1));

        Assert.False(ProposalParser.TryParseList("aes256-sha256-modp2048,aes128-bogus", ProposalProtocol.Ike, out _, out var error));
        Assert.Equal("bogus", error.Token);
        Assert.Equal(30, error.Position);
    }

    [Fact]
    public void Defaults_are_valid_and_use_only_registry_supported_algorithms()
    {
        foreach (var suite in DefaultProposals.Ike.Concat(DefaultProposals.Esp).Concat(DefaultProposals.Ah))
        {
            foreach (var e in suite.Encryption) { Assert.True(TransformRegistry.Default.IsSupported(e.Algorithm, e.KeyLength), e.ToString()); }
            foreach (var i in suite.Integrity) { Assert.True(TransformRegistry.Default.TryDescribeIntegrity(i, out _), i.ToString()); }
            foreach (var p in suite.Prf) { Assert.True(TransformRegistry.Default.TryDescribePrf(p, out _), p.ToString()); }
        }
        Assert.False(DefaultProposals.Ike[0].IsAead);
        Assert.True(DefaultProposals.Ike[1].IsAead);
    }

    [Fact]
    public void Defaults_are_strongswan_5_9_8_defaults_minus_what_we_do_not_implement()
    {
        // Names strongSwan logs for each transform we know; others (Camellia, 3DES: not implemented or legacy) are dropped.
        var byName = ProposalKeywords.Canonical.Select(k => k.Key)
            .Where(t => t.Type != TransformType.Encryption || !(t.Id == (ushort)DotSwan.Crypto.EncryptionAlgorithm.TripleDes))
            .ToDictionary(t => t.ToString(), t => t);
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "strongswan-5.9.8-default-proposals.txt"))
            .Where(l => l.StartsWith("proposals = ", StringComparison.Ordinal))
            .Select(l => l["proposals = ".Length..].Split(", "))
            .ToList();
        Assert.Equal(2, lines.Count);
        foreach (var proposals in lines)
        {
            var protocol = proposals[0].StartsWith("IKE:", StringComparison.Ordinal) ? ProposalProtocol.Ike : ProposalProtocol.Esp;
            var expected = proposals
                .Select(p => p[(p.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('/').Where(byName.ContainsKey).Select(n => byName[n]).ToList())
                .ToList();
            var ours = DefaultProposals.For(protocol);
            Assert.Equal(expected.Count, ours.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                // Same transforms, same order within each type.
                foreach (var type in Enum.GetValues<TransformType>())
                {
                    Assert.Equal(expected[i].Where(t => t.Type == type), ours[i].Of(type));
                }
            }
        }
    }

    [Fact]
    public void Duplicates_are_dropped()
    {
        var suite = ProposalParser.Parse("aes128-aes128-sha256-sha2_256-x25519-curve25519", ProposalProtocol.Ike);
        Assert.Equal("aes128-sha256-x25519", suite.ToProposalString());
    }

    [Fact]
    public void Too_many_tokens_is_refused_without_throwing()
    {
        string text = string.Join('-', Enumerable.Repeat("aes128", ProposalParser.MaxTokens + 1));
        Assert.False(ProposalParser.TryParse(text, ProposalProtocol.Ike, out _, out var error));
        Assert.Equal(ProposalErrorKind.TooLong, error.Kind);
    }
}
