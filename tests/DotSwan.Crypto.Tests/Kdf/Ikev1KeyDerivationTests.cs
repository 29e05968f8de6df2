using System.Security.Cryptography;
using CsCheck;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>RFC 2409 rules the captured exchange does not reach (key expansion, multi-block KEYMAT), and refusals of bad sizes.</summary>
public sealed class Ikev1KeyDerivationTests
{
    /// <summary>Appendix B written out: K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1).</summary>
    private static byte[] ExpandedKey(byte[] skeyidE, int length)
    {
        var output = new List<byte>();
        byte[] k = [0];
        while (output.Count < length)
        {
#pragma warning disable CA5350 // PRF_HMAC_SHA1 as negotiated by IKEv1 peers
            k = HMACSHA1.HashData(skeyidE, k);
#pragma warning restore CA5350
            output.AddRange(k);
        }

        return [.. output.Take(length)];
    }

    [Fact]
    public void Encryption_key_is_truncated_skeyid_e_or_its_appendix_b_expansion()
    {
        Gen.Select(Gen.Byte.Array[20], Gen.Int[0, 200]).Sample((skeyidE, length) =>
        {
            using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha1);
            var key = new byte[length];
            Assert.True(Ikev1KeyDerivation.TryComputeEncryptionKey(prf, skeyidE, key, out _));
            Assert.Equal(length <= skeyidE.Length ? skeyidE[..length] : ExpandedKey(skeyidE, length), key);
        });
    }

    [Fact]
    public void Triple_des_key_from_an_md5_prf_takes_k1_and_the_start_of_k2()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacMd5);
        byte[] skeyidE = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
        var key = new byte[24];
        Assert.True(Ikev1KeyDerivation.TryComputeEncryptionKey(prf, skeyidE, key, out _));
#pragma warning disable CA5351 // PRF_HMAC_MD5 is what this IKEv1 case negotiates
        byte[] k1 = HMACMD5.HashData(skeyidE, new byte[] { 0 });
        byte[] k2 = HMACMD5.HashData(skeyidE, k1);
#pragma warning restore CA5351
        Assert.Equal([.. k1, .. k2[..8]], key);
    }

    [Fact]
    public void Quick_mode_keymat_chains_previous_block_before_the_seed()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.UInt, Gen.Int[1, 200]).Sample((gxy, spi, length) =>
        {
            using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
            byte[] skeyidD = [.. Enumerable.Repeat((byte)7, 32)];
            byte[] ni = [1, 2, 3, 4, 5, 6, 7, 8], nr = [9, 10, 11, 12, 13, 14, 15, 16];
            byte[] seed = [.. gxy, 3, (byte)(spi >> 24), (byte)(spi >> 16), (byte)(spi >> 8), (byte)spi, .. ni, .. nr];
            var expected = new List<byte>();
            byte[] k = [];
            while (expected.Count < length)
            {
                byte[] input = [.. k, .. seed];
                k = HMACSHA256.HashData(skeyidD, input);
                expected.AddRange(k);
            }

            var keymat = new byte[length];
            Assert.True(Ikev1KeyDerivation.TryExpandQuickModeKeyMaterial(prf, skeyidD, gxy, 3, spi, ni, nr, keymat, out _));
            Assert.Equal(expected.Take(length), keymat);
        }, iter: 100);
    }

    [Fact]
    public void Quick_mode_keys_use_the_receivers_spi_for_each_direction()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        byte[] skeyidD = new byte[32], ni = [1], nr = [2];
        var toResponder = new byte[48];
        var toInitiator = new byte[48];
        Assert.True(Ikev1KeyDerivation.TryExpandQuickModeKeyMaterial(prf, skeyidD, [], 3, 0xBBBB, ni, nr, toResponder, out _));
        Assert.True(Ikev1KeyDerivation.TryExpandQuickModeKeyMaterial(prf, skeyidD, [], 3, 0xAAAA, ni, nr, toInitiator, out _));
        Assert.True(Ikev1KeyDerivation.TryDeriveQuickModeKeys(prf, skeyidD, [], 3, initiatorSpi: 0xAAAA, responderSpi: 0xBBBB, ni, nr,
            new ChildSaKeyLengths(16, 32), out ChildSaKeys? keys, out _));
        using (keys)
        {
            Assert.Equal(toResponder[..16], keys!.InitiatorEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(toResponder[16..], keys.InitiatorIntegrityKey.ReadOnlySpan.ToArray());
            Assert.Equal(toInitiator[..16], keys.ResponderEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(toInitiator[16..], keys.ResponderIntegrityKey.ReadOnlySpan.ToArray());
        }
    }

    [Fact]
    public void Oversized_expansions_and_lengths_are_typed_errors()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha1);
        Assert.False(Ikev1KeyDerivation.TryComputeEncryptionKey(prf, new byte[20], new byte[255 * 20 + 1], out CryptoError error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.False(Ikev1KeyDerivation.TryExpandQuickModeKeyMaterial(prf, new byte[20], [], 3, 1, [1], [2], new byte[256 * 20], out error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.False(Ikev1KeyDerivation.TryDeriveQuickModeKeys(prf, new byte[20], [], 3, 1, 2, [1], [2],
            new ChildSaKeyLengths(int.MaxValue, int.MaxValue), out ChildSaKeys? keys, out error));
        Assert.Null(keys);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.False(Ikev1Hashes.TryComputeQuickModeHash3(prf, new byte[20], 1, [1], [2], new byte[19], out error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(33)]
    public void Iv_chain_refuses_ciphertext_that_is_not_whole_blocks_and_keeps_its_iv(int length)
    {
        Assert.True(Ikev1IvState.TryCreatePhase1(Ikev1HashFunction.Sha1, [1, 2], [3, 4], 16, out Ikev1IvState? iv, out _));
        byte[] before = iv!.Current.ToArray();
        Assert.False(iv.TryAdvance(new byte[length], out CryptoError error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.Equal(before, iv.Current.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-8)]
    [InlineData(17)] // MD5 digests are 16 bytes: cannot give a 17-byte IV
    public void Iv_block_size_must_fit_the_hash(int blockSize)
    {
        Assert.False(Ikev1IvState.TryCreatePhase1(Ikev1HashFunction.Md5, [1], [2], blockSize, out Ikev1IvState? iv, out CryptoError error));
        Assert.Null(iv);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    [Fact]
    public void Iv_chain_takes_the_last_block_and_exchanges_hash_it_with_the_message_id()
    {
        Assert.True(Ikev1IvState.TryCreatePhase1(Ikev1HashFunction.Sha256, [1, 2], [3, 4], 8, out Ikev1IvState? phase1, out _));
        Assert.Equal(SHA256.HashData(new byte[] { 1, 2, 3, 4 })[..8], phase1!.Current.ToArray());

        byte[] ciphertext = [.. Enumerable.Range(0, 24).Select(i => (byte)i)];
        Ikev1IvState copy = phase1.Clone();
        Assert.True(phase1.TryAdvance(ciphertext, out _));
        Assert.Equal(ciphertext[16..], phase1.Current.ToArray());
        Assert.NotEqual(copy.Current.ToArray(), phase1.Current.ToArray());

        Assert.True(phase1.TryCreateExchange(Ikev1HashFunction.Sha256, 0x01020304, out Ikev1IvState? quickMode, out _));
        byte[] input = [.. ciphertext[16..], 1, 2, 3, 4];
        Assert.Equal(SHA256.HashData(input)[..8], quickMode!.Current.ToArray());
        Assert.Equal(ciphertext[16..], phase1.Current.ToArray());
    }
}
