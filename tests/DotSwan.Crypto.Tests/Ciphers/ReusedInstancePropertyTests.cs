using System.Security.Cryptography;
using CsCheck;
using DotSwan.Crypto.Ciphers;
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

    [Theory]
    [InlineData(EncryptionAlgorithm.AesCbc, 16)]
    [InlineData(EncryptionAlgorithm.AesCbc, 24)]
    [InlineData(EncryptionAlgorithm.AesCbc, 32)]
    [InlineData(EncryptionAlgorithm.TripleDes, 24)]
    public void Reused_cbc_cipher_matches_one_shot_in_place_and_with_overlapping_buffers(EncryptionAlgorithm algorithm, int keyLength)
    {
        // AES runs on libcrypto for separate or identical buffers and on the BCL transforms for a partial overlap (which
        // libcrypto refuses); mixing the three on one instance checks both paths and that neither disturbs the other's chaining.
        // Overlaps stay within 32 blocks: past the transforms' 512-byte chunk, an output that starts after its input
        // overwrites input not yet read (a limitation of the BCL path, also before libcrypto was used; ESP works exactly in place).
        var key = Enumerable.Range(0, keyLength).Select(i => (byte)((i * 53) + 7)).ToArray();
        Assert.True(CbcCipher.TryCreate(algorithm, key, out var cipher, out var error), error.ToString());
#pragma warning disable CA5350 // 3DES is the legacy transform under test.
        using SymmetricAlgorithm oracle = algorithm == EncryptionAlgorithm.TripleDes ? TripleDES.Create() : Aes.Create();
#pragma warning restore CA5350
        oracle.Key = key;
        using (cipher)
        {
            int block = cipher!.BlockSize;
            var packets = Gen.Select(Gen.Byte.Array[block], Gen.Int[0, 32].SelectMany(blocks => Gen.Byte.Array[blocks * block]), Gen.Int[-3, 4]);
            packets.Sample((iv, plaintext, shiftBlocks) =>
            {
                // shiftBlocks 0: in place; 4: separate buffers; otherwise the output starts that many blocks before or after the input.
                var input = new byte[plaintext.Length + (3 * block)];
                var output = shiftBlocks == 4 ? new byte[input.Length] : input;
                int shift = shiftBlocks == 4 ? 0 : shiftBlocks * block;
                int inputAt = shift < 0 ? -shift : 0;
                plaintext.CopyTo(input, inputAt);
                Assert.True(cipher.TryEncrypt(iv, input.AsSpan(inputAt, plaintext.Length), output.AsSpan(inputAt + shift, plaintext.Length), out var e), e.ToString());
                var ciphertext = output.AsSpan(inputAt + shift, plaintext.Length).ToArray();
                Assert.Equal(oracle.EncryptCbc(plaintext, iv, PaddingMode.None), ciphertext);
                Assert.True(cipher.TryDecrypt(iv, output.AsSpan(inputAt + shift, plaintext.Length), input.AsSpan(inputAt, plaintext.Length), out e), e.ToString());
                Assert.Equal(plaintext, input.AsSpan(inputAt, plaintext.Length).ToArray());
            }, iter: 300, threads: 1);
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
