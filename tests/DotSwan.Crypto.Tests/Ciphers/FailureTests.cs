using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

public sealed class FailureTests
{
    public static TheoryData<EncryptionAlgorithm, int> Aeads => new()
    {
        { EncryptionAlgorithm.AesGcm16, 128 },
        { EncryptionAlgorithm.AesGcm12, 256 },
        { EncryptionAlgorithm.AesGcm8, 128 },
        { EncryptionAlgorithm.AesCcm8, 128 },
        { EncryptionAlgorithm.AesCcm12, 192 },
        { EncryptionAlgorithm.AesCcm16, 256 },
        { EncryptionAlgorithm.ChaCha20Poly1305, 0 },
    };

    [Theory]
    [MemberData(nameof(Aeads))]
    public void Tampering_gives_AuthenticationFailed_and_no_plaintext(EncryptionAlgorithm algorithm, int keyBits)
    {
        // The registry's implementation and, for AES-GCM, the fallback used without libcrypto.
        foreach (var aead in TestAeads.CreateAll(algorithm, Key(algorithm, keyBits)))
        {
            using (aead)
            {
                var iv = new byte[] { 9, 8, 7, 6, 5, 4, 3, 2 };
                var aad = new byte[] { 0, 0, 0x43, 0x21, 0, 0, 0, 1 };
                var plaintext = Enumerable.Range(0, 37).Select(i => (byte)i).ToArray();
                var ciphertext = new byte[plaintext.Length];
                var icv = new byte[aead.IcvLength];
                Assert.True(aead.TrySeal(iv, plaintext, aad, ciphertext, icv, out _));

                AssertRejected(aead, iv, Flip(ciphertext, 5), icv, aad);
                AssertRejected(aead, iv, ciphertext, Flip(icv, 0), aad);
                AssertRejected(aead, iv, ciphertext, Flip(icv, aead.IcvLength - 1), aad);
                AssertRejected(aead, iv, ciphertext, icv, Flip(aad, 7));
                AssertRejected(aead, Flip(iv, 3), ciphertext, icv, aad);

                // A rejected packet must not spoil the instance for the next, genuine one.
                var opened = new byte[ciphertext.Length];
                Assert.True(aead.TryOpen(iv, ciphertext, icv, aad, opened, out var error), error.ToString());
                Assert.Equal(plaintext, opened);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Aeads))]
    public void Wrong_lengths_give_InvalidLength(EncryptionAlgorithm algorithm, int keyBits)
    {
        using var aead = Create(algorithm, keyBits);
        var buffer = new byte[16];
        Assert.False(aead.TrySeal(new byte[7], buffer, [], new byte[16], new byte[aead.IcvLength], out var error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.False(aead.TrySeal(new byte[8], buffer, [], new byte[15], new byte[aead.IcvLength], out error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.False(aead.TryOpen(new byte[8], buffer, new byte[aead.IcvLength - 1], [], new byte[16], out error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.False(aead.TryOpen(new byte[8], buffer, new byte[aead.IcvLength + 1], [], new byte[16], out error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesCbc, 128, 15)]
    [InlineData(EncryptionAlgorithm.AesCbc, 256, 17)]
    [InlineData(EncryptionAlgorithm.TripleDes, 0, 12)]
    public void Cbc_input_not_a_block_multiple_is_InvalidLength(EncryptionAlgorithm algorithm, int keyBits, int length)
    {
        Assert.True(TransformRegistry.WithLegacy.TryDescribeEncryption(algorithm, keyBits, out var info, out _));
        var key = Enumerable.Range(0, info.KeyMaterialLength).Select(i => (byte)(i * 13 + 1)).ToArray();
        Assert.True(TransformRegistry.WithLegacy.TryCreateCipher(algorithm, keyBits, key, out var cipher, out var error), error.ToString());
        using (cipher)
        {
            Assert.False(cipher!.TryEncrypt(new byte[info.IvLength], new byte[length], new byte[length], out error));
            Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
            Assert.False(cipher.TryDecrypt(new byte[info.IvLength], new byte[length], new byte[length], out error));
            Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
            Assert.False(cipher.TryEncrypt(new byte[info.IvLength + 1], new byte[16], new byte[16], out error));
            Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        }
    }

    [Fact]
    public void Ctr_and_null_check_iv_and_output_lengths()
    {
        Assert.True(AesCtrCipher.TryCreate(new byte[20], out var ctr, out _));
        using (ctr)
        {
            Assert.False(ctr!.TryEncrypt(new byte[16], new byte[5], new byte[5], out var error));
            Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
            Assert.False(ctr.TryEncrypt(new byte[8], new byte[5], new byte[4], out error));
            Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        }

        Assert.False(AesCtrCipher.TryCreate(new byte[16], out _, out var keyError));
        Assert.Equal(CryptoErrorKind.InvalidKeyLength, keyError.Kind);

        using var nullCipher = new NullCipher();
        Assert.False(nullCipher.TryEncrypt(new byte[8], new byte[4], new byte[4], out var nullError));
        Assert.Equal(CryptoErrorKind.InvalidLength, nullError.Kind);
    }

    [Fact]
    public void BouncyCastle_gcm8_refuses_to_seal_twice_with_one_iv()
    {
        // Only the BouncyCastle fallback checks this; libcrypto (the registry's GCM-8 when loadable) leaves IV uniqueness to the engine.
        Assert.True(AesGcm8Aead.TryCreate(Key(EncryptionAlgorithm.AesGcm8, 128), out var gcm8, out _));
        using var aead = gcm8!;
        var iv = new byte[8];
        Assert.True(aead.TrySeal(iv, new byte[3], [], new byte[3], new byte[8], out _));
        Assert.False(aead.TrySeal(iv, new byte[3], [], new byte[3], new byte[8], out var error));
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    private static IAead Create(EncryptionAlgorithm algorithm, int keyBits)
    {
        Assert.True(TransformRegistry.Default.TryCreateAead(algorithm, keyBits, Key(algorithm, keyBits), out var aead, out var error), error.ToString());
        return aead!;
    }

    private static byte[] Key(EncryptionAlgorithm algorithm, int keyBits)
    {
        Assert.True(TransformRegistry.Default.TryDescribeEncryption(algorithm, keyBits, out var info, out _));
        return Enumerable.Range(0, info.KeyMaterialLength).Select(i => (byte)(i * 29 + 3)).ToArray();
    }

    private static void AssertRejected(IAead aead, byte[] iv, byte[] ciphertext, byte[] icv, byte[] aad)
    {
        var plaintext = Enumerable.Repeat((byte)0x5a, ciphertext.Length).ToArray();
        Assert.False(aead.TryOpen(iv, ciphertext, icv, aad, plaintext, out var error));
        Assert.Equal(CryptoErrorKind.AuthenticationFailed, error.Kind);
        Assert.DoesNotContain(plaintext, b => b != 0 && b != 0x5a);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
