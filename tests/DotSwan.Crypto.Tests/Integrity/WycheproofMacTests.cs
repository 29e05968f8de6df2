using System.Security.Cryptography;
using System.Text.Json;
using DotSwan.Crypto.Integrity;
using DotSwan.Crypto.Prf;
using DotSwan.Crypto.Tests.Ciphers;

namespace DotSwan.Crypto.Tests.Integrity;

/// <summary>
/// Wycheproof MAC vectors: every case through the PRF (prf(K, m) is the untruncated MAC for 16-byte AES keys and for
/// HMAC; a group with a shorter tagSize compares the leading bytes), and, where the key has the length the transform
/// fixes, through the truncated integrity transform (AES-CMAC-96, HMAC-SHA1-96, HMAC-SHA2-256-128, -384-192, -512-256).
/// </summary>
public sealed class WycheproofMacTests
{
    private const string CmacFile = "wycheproof/aes_cmac_test.json";

    /// <summary>Each HMAC file, its transforms, and its number of cases (all of which run).</summary>
    private static readonly (string File, PrfAlgorithm Prf, IntegrityAlgorithm Integrity, int Cases)[] HmacFiles =
    [
        // hmac_sha1_test.json: 170 cases in 6 groups (keys of 80, 160 and 520 bits; tags of 80 and 160 bits).
        ("wycheproof/hmac_sha1_test.json", PrfAlgorithm.HmacSha1, IntegrityAlgorithm.HmacSha196, 170),
        // hmac_sha256_test.json: 174 cases in 6 groups (keys of 128, 256 and 520 bits; tags of 128 and 256 bits).
        ("wycheproof/hmac_sha256_test.json", PrfAlgorithm.HmacSha256, IntegrityAlgorithm.HmacSha256128, 174),
        // hmac_sha384_test.json: 174 cases in 6 groups (keys of 192, 384 and 520 bits; tags of 192 and 384 bits).
        ("wycheproof/hmac_sha384_test.json", PrfAlgorithm.HmacSha384, IntegrityAlgorithm.HmacSha384192, 174),
        // hmac_sha512_test.json: 174 cases in 6 groups (keys of 256, 512 and 520 bits; tags of 256 and 512 bits).
        ("wycheproof/hmac_sha512_test.json", PrfAlgorithm.HmacSha512, IntegrityAlgorithm.HmacSha512256, 174),
    ];

    public static TheoryData<int> CmacTests()
    {
        var rows = new TheoryData<int>();
        foreach (var (test, _) in Cases(CmacFile))
        {
            rows.Add(test.GetProperty("tcId").GetInt32());
        }

        return rows;
    }

    public static TheoryData<string, PrfAlgorithm, IntegrityAlgorithm, int> HmacTests()
    {
        var rows = new TheoryData<string, PrfAlgorithm, IntegrityAlgorithm, int>();
        foreach (var (file, prf, integrity, _) in HmacFiles)
        {
            foreach (var (test, _) in Cases(file))
            {
                rows.Add(file, prf, integrity, test.GetProperty("tcId").GetInt32());
            }
        }

        return rows;
    }

    [Fact]
    public void Files_hold_the_number_of_tests_their_header_states()
    {
        WycheproofFile.AssertCount(CmacFile);
        foreach (var (file, _, _, _) in HmacFiles)
        {
            WycheproofFile.AssertCount(file);
        }
    }

    [Fact]
    public void Every_case_of_every_file_runs()
    {
        Assert.Equal(WycheproofFile.Root(CmacFile).GetProperty("numberOfTests").GetInt32(), CmacTests().Count);
        foreach (var (file, _, _, cases) in HmacFiles)
        {
            Assert.Equal(cases, WycheproofFile.Root(file).GetProperty("numberOfTests").GetInt32());
            Assert.Equal(cases, HmacTests().Count(row => (string)row[0] == file));
        }
    }

    /// <summary>
    /// 128-bit keys: through AES-CMAC-PRF-128 and AES-CMAC-96. IKEv2/ESP use AES-CMAC with 128-bit keys only (RFC 4615
    /// turns any other PRF key length into a 128-bit key first, so Wycheproof's 192/256-bit tags do not apply to the PRF):
    /// for 192- and 256-bit keys the MAC core both transforms are built on is checked directly and the integrity
    /// transform must refuse the key; for the invalid key sizes (0, 8, 64, 160, 320 bits) both the core and the
    /// integrity transform must refuse it.
    /// </summary>
    [Theory]
    [MemberData(nameof(CmacTests))]
    public void Aes_cmac_agrees_with_wycheproof(int tcId)
    {
        var (test, tagBytes) = Case(CmacFile, tcId);
        var key = test.Hex("key");
        bool valid = test.Text("result") == "valid";
        if (key.Length is not (16 or 24 or 32))
        {
            Assert.False(valid);
            Assert.Contains("InvalidKeySize", test.GetProperty("flags").EnumerateArray().Select(flag => flag.GetString()));
            Assert.False(AesMacIntegrity.TryCreate(IntegrityAlgorithm.AesCmac96, key, out _, out var keyError));
            Assert.Equal(CryptoErrorKind.InvalidKeyLength, keyError.Kind);
            using var refusing = new AesCmac();
            Assert.ThrowsAny<CryptographicException>(() => refusing.SetKey(key));
            return;
        }

        var tag = test.Hex("tag");
        Assert.Equal(tagBytes, tag.Length);
        using (var core = new AesCmac())
        {
            core.SetKey(key);
            var mac = new byte[16];
            core.Compute(test.Hex("msg"), mac);
            Assert.Equal(valid, Convert.ToHexString(tag) == Convert.ToHexString(mac.AsSpan(0, tagBytes)));
        }

        if (key.Length != 16)
        {
            Assert.False(AesMacIntegrity.TryCreate(IntegrityAlgorithm.AesCmac96, key, out _, out var keyError));
            Assert.Equal(CryptoErrorKind.InvalidKeyLength, keyError.Kind);
            return;
        }

        Assert.True(AesMacPrf.TryCreate(PrfAlgorithm.Aes128Cmac, out var prf, out _));
        Assert.True(AesMacIntegrity.TryCreate(IntegrityAlgorithm.AesCmac96, key, out var integrity, out var error), error.ToString());
        using (prf)
        using (integrity)
        {
            AssertMac(prf!, integrity!, test, tagBytes);
        }
    }

    [Theory]
    [MemberData(nameof(HmacTests))]
    public void Hmac_agrees_with_wycheproof(string file, PrfAlgorithm prfAlgorithm, IntegrityAlgorithm integrityAlgorithm, int tcId)
    {
        var (test, tagBytes) = Case(file, tcId);
        Assert.True(HmacPrf.TryCreate(prfAlgorithm, out var prf, out _));
        using (prf)
        {
            var key = test.Hex("key");
            if (key.Length != prf!.OutputLength)
            {
                // RFC 2404/4868 fix the integrity key to the hash length: other Wycheproof key sizes test the PRF only.
                AssertMac(prf, integrity: null, test, tagBytes);
                Assert.False(HmacIntegrity.TryCreate(integrityAlgorithm, key, out _, out var keyError));
                Assert.Equal(CryptoErrorKind.InvalidKeyLength, keyError.Kind);
                return;
            }

            Assert.True(HmacIntegrity.TryCreate(integrityAlgorithm, key, out var integrity, out var error), error.ToString());
            using (integrity)
            {
                AssertMac(prf, integrity, test, tagBytes);
            }
        }
    }

    private static void AssertMac(IPrf prf, IIntegrity? integrity, JsonElement test, int tagBytes)
    {
        var key = test.Hex("key");
        var message = test.Hex("msg");
        var tag = test.Hex("tag");
        Assert.Equal(tagBytes, tag.Length);
        bool valid = test.Text("result") == "valid";
        var mac = new byte[prf.OutputLength];
        prf.Compute(key, message, mac);
        Assert.Equal(valid, Convert.ToHexString(tag) == Convert.ToHexString(mac.AsSpan(0, tagBytes)));

        if (integrity is null || tag.Length < integrity.IcvLength)
        {
            return;
        }

        // The truncated ICV sees only the leading bytes: a tag modified beyond them still verifies, one modified inside
        // them must not. For valid cases the leading bytes are Wycheproof's; for invalid ones they are compared with the
        // MAC the PRF computed, which the valid cases pin down.
        var icv = tag.AsSpan(0, integrity.IcvLength);
        bool expected = valid || icv.SequenceEqual(mac.AsSpan(0, integrity.IcvLength));
        Assert.Equal(expected, integrity.Verify(message, icv));
    }

    private static IEnumerable<(JsonElement Test, int TagBytes)> Cases(string file)
        => WycheproofFile.Groups(file).SelectMany(group => group.GetProperty("tests").EnumerateArray()
            .Select(test => (test, group.GetProperty("tagSize").GetInt32() / 8)));

    private static (JsonElement Test, int TagBytes) Case(string file, int tcId)
        => Cases(file).Single(item => item.Test.GetProperty("tcId").GetInt32() == tcId);
}
