using DotSwan.Crypto.Integrity;
using DotSwan.Crypto.Prf;
using DotSwan.Crypto.Tests.Ciphers;

namespace DotSwan.Crypto.Tests.Integrity;

/// <summary>
/// Wycheproof MAC vectors: the full MAC through the PRF (prf(K, m) is the untruncated MAC for 16-byte AES keys and for
/// HMAC), and the truncated ICV through the integrity transform (AES-CMAC-96, HMAC-SHA1-96, HMAC-SHA2-256-128, -384-192, -512-256).
/// </summary>
public sealed class WycheproofMacTests
{
    private const string CmacFile = "wycheproof/aes_cmac_test.subset.json";

    public static TheoryData<int> CmacTests() => Ids(CmacFile);

    public static TheoryData<string, PrfAlgorithm, IntegrityAlgorithm, int> HmacTests()
    {
        var rows = new TheoryData<string, PrfAlgorithm, IntegrityAlgorithm, int>();
        foreach (var (file, prf, integrity) in HmacFiles)
        {
            foreach (var test in WycheproofFile.Tests(file))
            {
                rows.Add(file, prf, integrity, test.GetProperty("tcId").GetInt32());
            }
        }

        return rows;
    }

    private static readonly (string File, PrfAlgorithm Prf, IntegrityAlgorithm Integrity)[] HmacFiles =
    [
        ("wycheproof/hmac_sha1_test.subset.json", PrfAlgorithm.HmacSha1, IntegrityAlgorithm.HmacSha196),
        ("wycheproof/hmac_sha256_test.subset.json", PrfAlgorithm.HmacSha256, IntegrityAlgorithm.HmacSha256128),
        ("wycheproof/hmac_sha384_test.subset.json", PrfAlgorithm.HmacSha384, IntegrityAlgorithm.HmacSha384192),
        ("wycheproof/hmac_sha512_test.subset.json", PrfAlgorithm.HmacSha512, IntegrityAlgorithm.HmacSha512256),
    ];

    [Fact]
    public void Subset_files_hold_the_number_of_tests_their_header_states()
    {
        WycheproofFile.AssertCount(CmacFile);
        foreach (var (file, _, _) in HmacFiles)
        {
            WycheproofFile.AssertCount(file);
        }
    }

    [Theory]
    [MemberData(nameof(CmacTests))]
    public void Aes_cmac_agrees_with_wycheproof(int tcId)
    {
        var test = WycheproofFile.Test(CmacFile, tcId);
        Assert.True(AesMacPrf.TryCreate(PrfAlgorithm.Aes128Cmac, out var prf, out _));
        Assert.True(AesMacIntegrity.TryCreate(IntegrityAlgorithm.AesCmac96, test.Hex("key"), out var integrity, out var error), error.ToString());
        using (prf)
        using (integrity)
        {
            AssertMac(prf!, integrity!, test);
        }
    }

    [Theory]
    [MemberData(nameof(HmacTests))]
    public void Hmac_agrees_with_wycheproof(string file, PrfAlgorithm prfAlgorithm, IntegrityAlgorithm integrityAlgorithm, int tcId)
    {
        var test = WycheproofFile.Test(file, tcId);
        Assert.True(HmacPrf.TryCreate(prfAlgorithm, out var prf, out _));
        Assert.True(HmacIntegrity.TryCreate(integrityAlgorithm, test.Hex("key"), out var integrity, out var error), error.ToString());
        using (prf)
        using (integrity)
        {
            AssertMac(prf!, integrity!, test);
        }
    }

    private static void AssertMac(IPrf prf, IIntegrity integrity, System.Text.Json.JsonElement test)
    {
        var key = test.Hex("key");
        var message = test.Hex("msg");
        var tag = test.Hex("tag");
        bool valid = test.Text("result") == "valid";
        var mac = new byte[prf.OutputLength];
        prf.Compute(key, message, mac);
        Assert.Equal(valid, Convert.ToHexString(tag) == Convert.ToHexString(mac));

        // The subset's modified tags flip bits inside the truncated ICV, so truncation must not hide them.
        Assert.Equal(valid, integrity.Verify(message, tag.AsSpan(0, integrity.IcvLength)));
    }

    private static TheoryData<int> Ids(string file)
    {
        var rows = new TheoryData<int>();
        foreach (var test in WycheproofFile.Tests(file))
        {
            rows.Add(test.GetProperty("tcId").GetInt32());
        }

        return rows;
    }
}
