using System.Security.Cryptography;
using CsCheck;
using DotSwan.Crypto.Integrity;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>
/// The CBC cipher and the AES MACs keep transforms whose chaining state carries over between calls; one long-lived
/// instance must give, packet after packet, what a fresh one-shot computation gives.
/// </summary>
public sealed class ReusedInstancePropertyTests
{
    [Theory]
    [InlineData(EncryptionAlgorithm.AesCbc, 128)]
    [InlineData(EncryptionAlgorithm.AesCbc, 256)]
    [InlineData(EncryptionAlgorithm.TripleDes, 0)]
    public void Reused_cbc_cipher_matches_one_shot_cbc(EncryptionAlgorithm algorithm, int keyBits)
    {
        Assert.True(TransformRegistry.WithLegacy.TryDescribeEncryption(algorithm, keyBits, out var info, out _));
        var key = Enumerable.Range(0, info.KeyMaterialLength).Select(i => (byte)((i * 37) + 5)).ToArray();
        Assert.True(TransformRegistry.WithLegacy.TryCreateCipher(algorithm, keyBits, key, out var cipher, out var error), error.ToString());
#pragma warning disable CA5350 // 3DES is the legacy transform under test.
        using SymmetricAlgorithm oracle = algorithm == EncryptionAlgorithm.TripleDes ? TripleDES.Create() : Aes.Create();
#pragma warning restore CA5350
        oracle.Key = key;
        using (cipher)
        {
            var packets = Gen.Select(Gen.Byte.Array[info.IvLength], Gen.Int[0, 100].SelectMany(blocks => Gen.Byte.Array[blocks * info.BlockSize]));
            packets.Sample((iv, plaintext) =>
            {
                var ciphertext = new byte[plaintext.Length];
                Assert.True(cipher!.TryEncrypt(iv, plaintext, ciphertext, out var e), e.ToString());
                Assert.Equal(oracle.EncryptCbc(plaintext, iv, PaddingMode.None), ciphertext);
                var decrypted = new byte[plaintext.Length];
                Assert.True(cipher.TryDecrypt(iv, ciphertext, decrypted, out e), e.ToString());
                Assert.Equal(plaintext, decrypted);
            }, iter: 200, threads: 1);
        }
    }

    [Fact]
    public void Reused_aes_cmac_matches_bouncycastle_across_messages()
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)(i * 11)).ToArray();
        Assert.True(AesMacIntegrity.TryCreate(IntegrityAlgorithm.AesCmac96, key, out var integrity, out _));
        using (integrity)
        {
            Gen.Byte.Array[0, 1500].Sample(message =>
            {
                var reference = new Org.BouncyCastle.Crypto.Macs.CMac(new Org.BouncyCastle.Crypto.Engines.AesEngine());
                reference.Init(new Org.BouncyCastle.Crypto.Parameters.KeyParameter(key));
                reference.BlockUpdate(message, 0, message.Length);
                var expected = new byte[16];
                reference.DoFinal(expected, 0);
                var icv = new byte[12];
                integrity!.Compute(message, icv);
                Assert.Equal(expected[..12], icv);
            }, iter: 200, threads: 1);
        }
    }
}
