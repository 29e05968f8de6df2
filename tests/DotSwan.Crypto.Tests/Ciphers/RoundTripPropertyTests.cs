using CsCheck;

namespace DotSwan.Crypto.Tests.Ciphers;

public sealed class RoundTripPropertyTests
{
    public static TheoryData<EncryptionAlgorithm, int> Aeads => FailureTests.Aeads;

    public static TheoryData<EncryptionAlgorithm, int> Ciphers => new()
    {
        { EncryptionAlgorithm.AesCbc, 128 },
        { EncryptionAlgorithm.AesCbc, 192 },
        { EncryptionAlgorithm.AesCbc, 256 },
        { EncryptionAlgorithm.AesCtr, 128 },
        { EncryptionAlgorithm.AesCtr, 256 },
        { EncryptionAlgorithm.TripleDes, 0 },
        { EncryptionAlgorithm.Des, 0 },
        { EncryptionAlgorithm.Null, 0 },
    };

    [Theory]
    [MemberData(nameof(Aeads))]
    public void Aead_open_inverts_seal(EncryptionAlgorithm algorithm, int keyBits)
    {
        Assert.True(TransformRegistry.Default.TryDescribeEncryption(algorithm, keyBits, out var info, out _));
        var gen = Gen.Select(Gen.Byte.Array[info.KeyMaterialLength], Gen.Byte.Array[8], Gen.Byte.Array[0, 2000], Gen.Byte.Array[0, 40]);
        gen.Sample((key, iv, plaintext, aad) =>
        {
            Assert.True(TransformRegistry.Default.TryCreateAead(algorithm, keyBits, key, out var aead, out var error), error.ToString());
            using (aead)
            {
                var ciphertext = new byte[plaintext.Length];
                var icv = new byte[aead!.IcvLength];
                Assert.True(aead.TrySeal(iv, plaintext, aad, ciphertext, icv, out error), error.ToString());
                var opened = new byte[ciphertext.Length];
                Assert.True(aead.TryOpen(iv, ciphertext, icv, aad, opened, out error), error.ToString());
                Assert.Equal(plaintext, opened);
            }
        }, iter: 150);
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Cipher_decrypt_inverts_encrypt(EncryptionAlgorithm algorithm, int keyBits)
    {
        Assert.True(TransformRegistry.WithLegacy.TryDescribeEncryption(algorithm, keyBits, out var info, out _));
        // Stream modes take any length; block modes a multiple of the block.
        int unit = info.BlockSize == 1 ? 13 : info.BlockSize;
        var plaintexts = Gen.Int[0, 125].SelectMany(blocks => Gen.Byte.Array[blocks * unit]);
        var gen = Gen.Select(Gen.Byte.Array[info.KeyMaterialLength], Gen.Byte.Array[info.IvLength], plaintexts);
        gen.Sample((key, iv, plaintext) =>
        {
            if (!TransformRegistry.WithLegacy.TryCreateCipher(algorithm, keyBits, key, out var cipher, out var error))
            {
                // Random DES/3DES keys can be weak; that refusal is typed and tested elsewhere.
                Assert.Equal(CryptoErrorKind.InvalidKeyLength, error.Kind);
                return;
            }

            using (cipher)
            {
                var ciphertext = new byte[plaintext.Length];
                Assert.True(cipher!.TryEncrypt(iv, plaintext, ciphertext, out error), error.ToString());
                var decrypted = new byte[plaintext.Length];
                Assert.True(cipher.TryDecrypt(iv, ciphertext, decrypted, out error), error.ToString());
                Assert.Equal(plaintext, decrypted);
            }
        }, iter: 150);
    }
}
