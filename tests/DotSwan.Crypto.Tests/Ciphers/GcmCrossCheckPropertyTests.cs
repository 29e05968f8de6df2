using CsCheck;
using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>
/// The libcrypto AES-GCM (cached EVP contexts) against the independent fallbacks: the BCL's AesGcm for ICV 16 and 12,
/// BouncyCastle for ICV 8. Same key, IV, AAD and plaintext must give the same ciphertext and ICV, and each must open the
/// other's output. One libcrypto instance is reused across packets, as the data plane does.
/// </summary>
public sealed class GcmCrossCheckPropertyTests
{
    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 16)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 24)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 32)]
    [InlineData(EncryptionAlgorithm.AesGcm12, 16)]
    [InlineData(EncryptionAlgorithm.AesGcm12, 32)]
    [InlineData(EncryptionAlgorithm.AesGcm8, 16)]
    [InlineData(EncryptionAlgorithm.AesGcm8, 32)]
    public void LibCrypto_and_fallback_produce_identical_ciphertext_and_icv(EncryptionAlgorithm algorithm, int aesKeyLength)
    {
        var packet = Gen.Select(Gen.Byte.Array[8], Gen.Byte.Array[0, 1600], Gen.Byte.Array[0, 40]);
        var gen = Gen.Select(Gen.Byte.Array[aesKeyLength + 4], packet.Array[1, 6]);
        gen.Sample((key, packets) =>
        {
            Assert.True(LibCryptoAesGcmAead.TryCreate(algorithm, key, out var evp, out var error), error.ToString());
            using (evp)
            {
                foreach (var (iv, plaintext, aad) in packets)
                {
                    // BouncyCastle refuses a repeated IV per instance, so the fallback is fresh for each packet.
                    Assert.True(TestAeads.TryCreateFallback(algorithm, key, out var fallback, out error), error.ToString());
                    using (fallback)
                    {
                        var (evpText, evpIcv) = Seal(evp!, iv, plaintext, aad);
                        var (oracleText, oracleIcv) = Seal(fallback!, iv, plaintext, aad);
                        Assert.Equal(Convert.ToHexString(oracleText), Convert.ToHexString(evpText));
                        Assert.Equal(Convert.ToHexString(oracleIcv), Convert.ToHexString(evpIcv));

                        var opened = new byte[plaintext.Length];
                        Assert.True(evp!.TryOpen(iv, oracleText, oracleIcv, aad, opened, out error), error.ToString());
                        Assert.Equal(plaintext, opened);
                        Assert.True(fallback!.TryOpen(iv, evpText, evpIcv, aad, opened, out error), error.ToString());
                        Assert.Equal(plaintext, opened);
                    }
                }
            }
        }, iter: 100);
    }

    [Fact]
    public void In_place_seal_and_open_match_separate_buffers()
    {
        var key = Enumerable.Range(0, 20).Select(i => (byte)(i * 7 + 1)).ToArray();
        Assert.True(LibCryptoAesGcmAead.TryCreate(EncryptionAlgorithm.AesGcm16, key, out var aead, out var error), error.ToString());
        using (aead)
        {
            var iv = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
            var aad = new byte[] { 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 9 };
            var plaintext = Enumerable.Range(0, 1400).Select(i => (byte)(i * 31)).ToArray();
            var (expectedText, expectedIcv) = Seal(aead!, iv, plaintext, aad);

            var buffer = (byte[])plaintext.Clone();
            var icv = new byte[16];
            Assert.True(aead!.TrySeal(iv, buffer, aad, buffer, icv, out error), error.ToString());
            Assert.Equal(expectedText, buffer);
            Assert.Equal(expectedIcv, icv);
            Assert.True(aead.TryOpen(iv, buffer, icv, aad, buffer, out error), error.ToString());
            Assert.Equal(plaintext, buffer);
        }
    }

    [Fact]
    public void One_context_opens_first_survives_a_forged_icv_and_then_seals_like_the_bcl()
    {
        // The instance keeps one libcrypto context for both directions: opening first, a failed open and a seal after
        // it must not disturb each other.
        var key = Enumerable.Range(0, 36).Select(i => (byte)(i * 13 + 5)).ToArray();
        var iv = new byte[] { 9, 8, 7, 6, 5, 4, 3, 2 };
        var aad = new byte[] { 1, 1, 2, 3, 5, 8, 13, 21 };
        var plaintext = Enumerable.Range(0, 333).Select(i => (byte)(i * 17)).ToArray();
        Assert.True(TestAeads.TryCreateFallback(EncryptionAlgorithm.AesGcm16, key, out var oracle, out var error), error.ToString());
        Assert.True(LibCryptoAesGcmAead.TryCreate(EncryptionAlgorithm.AesGcm16, key, out var evp, out error), error.ToString());
        using (oracle)
        using (evp)
        {
            var (oracleText, oracleIcv) = Seal(oracle!, iv, plaintext, aad);
            var opened = new byte[plaintext.Length];
            Assert.True(evp!.TryOpen(iv, oracleText, oracleIcv, aad, opened, out error), error.ToString());
            Assert.Equal(plaintext, opened);
            var forged = (byte[])oracleIcv.Clone();
            forged[0] ^= 1;
            Assert.False(evp.TryOpen(iv, oracleText, forged, aad, opened, out _));
            var (evpText, evpIcv) = Seal(evp, iv, plaintext, aad);
            Assert.Equal(oracleText, evpText);
            Assert.Equal(oracleIcv, evpIcv);
            Assert.True(evp.TryOpen(iv, evpText, evpIcv, aad, opened, out error), error.ToString());
            Assert.Equal(plaintext, opened);
        }
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 16, CryptoErrorKind.InvalidKeyLength)]
    [InlineData(EncryptionAlgorithm.AesGcm8, 24, CryptoErrorKind.InvalidKeyLength)]
    [InlineData(EncryptionAlgorithm.AesGcm12, 37, CryptoErrorKind.InvalidKeyLength)]
    [InlineData(EncryptionAlgorithm.AesCcm16, 20, CryptoErrorKind.Unsupported)]
    [InlineData(EncryptionAlgorithm.AesCbc, 20, CryptoErrorKind.Unsupported)]
    public void LibCrypto_gcm_refuses_other_ids_and_key_lengths_with_a_typed_error(EncryptionAlgorithm algorithm, int keyMaterialLength, CryptoErrorKind kind)
    {
        Assert.False(LibCryptoAesGcmAead.TryCreate(algorithm, new byte[keyMaterialLength], out var aead, out var error));
        Assert.Null(aead);
        Assert.Equal(kind, error.Kind);
    }

    private static (byte[] Ciphertext, byte[] Icv) Seal(IAead aead, byte[] iv, byte[] plaintext, byte[] aad)
    {
        var ciphertext = new byte[plaintext.Length];
        var icv = new byte[aead.IcvLength];
        Assert.True(aead.TrySeal(iv, plaintext, aad, ciphertext, icv, out var error), error.ToString());
        return (ciphertext, icv);
    }
}
