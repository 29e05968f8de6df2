using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

/// <summary>
/// Wycheproof ECDH vectors with raw point encodings, converted to IKE's x ‖ y (RFC 5903: the 0x04 prefix dropped).
/// Compressed points (0x02/0x03) have no IKE encoding and are skipped, counted, and checked to be refused as they come.
/// </summary>
public sealed class WycheproofEcdhTests
{
    /// <summary>Every file on both implementations: libcrypto (true) and the BCL fallback (false).</summary>
    public static TheoryData<string, int, bool> Files()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (bool libCrypto in new[] { true, false })
        {
            data.Add("wycheproof_ecdh_secp256r1_ecpoint_test.json", 19, libCrypto);
            data.Add("wycheproof_ecdh_secp384r1_ecpoint_test.json", 20, libCrypto);
            data.Add("wycheproof_ecdh_secp521r1_ecpoint_test.json", 21, libCrypto);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void All_uncompressed_cases_agree_with_the_expected_result(string file, int group, bool libCrypto)
    {
        var factory = (EcpKeyExchangeFactory)KexTestData.Factory((KeyExchangeMethod)group);
        int fieldSize = factory.FieldSize;
        using var doc = KexTestData.Load(file);
        int valid = 0, invalid = 0, compressed = 0;
        foreach (var testGroup in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in testGroup.GetProperty("tests").EnumerateArray())
            {
                int tcId = test.GetProperty("tcId").GetInt32();
                string result = test.GetProperty("result").GetString()!;
                byte[] point = test.Hex("public");
                using var exchange = factory.CreateWithPrivateKey(FieldElement(test.Hex("private"), fieldSize), libCrypto);

                if (point.Length > 0 && point[0] is 0x02 or 0x03)
                {
                    // IKE has no compressed encoding; as raw bytes it is the wrong length and so refused.
                    Assert.False(exchange.TryComputeSharedSecret(point, out _, out _), $"tcId {tcId}");
                    compressed++;
                    continue;
                }

                // Strip the SEC1 0x04 prefix: IKE sends x ‖ y.
                byte[] ikeValue = point.Length > 0 && point[0] == 0x04 ? point[1..] : point;
                bool ok = exchange.TryComputeSharedSecret(ikeValue, out var secret, out var error);
                if (result == "invalid")
                {
                    Assert.False(ok, $"tcId {tcId} must be refused");
                    Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
                    invalid++;
                }
                else
                {
                    Assert.True(ok, $"tcId {tcId}: {error}");
                    using (secret)
                    {
                        Assert.Equal(test.GetProperty("shared").GetString(), Convert.ToHexString(secret!.ReadOnlySpan), ignoreCase: true);
                    }

                    valid++;
                }
            }
        }

        Assert.Equal(doc.RootElement.GetProperty("numberOfTests").GetInt32(), valid + invalid + compressed);
        Assert.True(valid > 0 && invalid > 0);
    }

    /// <summary>Wycheproof private keys are ASN.1-style integers (a leading 00 when the top bit is set): make them field-size.</summary>
    private static byte[] FieldElement(byte[] integer, int fieldSize)
    {
        ReadOnlySpan<byte> trimmed = integer.AsSpan().TrimStart((byte)0);
        var padded = new byte[fieldSize];
        trimmed.CopyTo(padded.AsSpan(fieldSize - trimmed.Length));
        return padded;
    }
}
