using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

public sealed class CipherVectorTests
{
    private const string CtrFile = "rfc/aes_ctr_rfc3686.json";
    private const string CbcFile = "rfc/cbc_rfc3602_3des.json";

    public static TheoryData<string, int> CtrCases => VectorFile.Rows(CtrFile);

    public static TheoryData<string, int> CbcCases => VectorFile.Rows(CbcFile);

    [Theory]
    [MemberData(nameof(CtrCases))]
    public void Aes_ctr_matches_rfc3686(string name, int index)
    {
        var vector = VectorFile.Case(CtrFile, index);
        Assert.True(AesCtrCipher.TryCreate(vector.Hex("key"), out var cipher, out _), name);
        using (cipher)
        {
            AssertEncryptsAndDecrypts(cipher!, vector.Hex("iv"), vector.Hex("plaintext"), vector.Hex("ciphertext"));
        }
    }

    [Theory]
    [MemberData(nameof(CbcCases))]
    public void Cbc_matches_published_vectors(string name, int index)
    {
        var vector = VectorFile.Case(CbcFile, index);
        var algorithm = Enum.Parse<EncryptionAlgorithm>(vector.Text("algorithm"));
        Assert.True(CbcCipher.TryCreate(algorithm, vector.Hex("key"), out var cipher, out var error), $"{name}: {error}");
        using (cipher)
        {
            AssertEncryptsAndDecrypts(cipher!, vector.Hex("iv"), vector.Hex("plaintext"), vector.Hex("ciphertext"));
        }
    }

    [Fact]
    public void Aes_ctr_keystream_crosses_its_internal_chunk_boundary()
    {
        // 2000 bytes need more counter blocks than one internal chunk; compare against a block-by-block
        // construction of RFC 3686 counter blocks over the BCL's AES-ECB.
        var keyMaterial = Enumerable.Range(0, 20).Select(i => (byte)(i * 7)).ToArray();
        var iv = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var plaintext = Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray();
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = keyMaterial[..16];
        var expected = new byte[plaintext.Length];
        var counterBlock = new byte[16];
        keyMaterial.AsSpan(16).CopyTo(counterBlock);
        iv.CopyTo(counterBlock, 4);
        for (int block = 0; block * 16 < plaintext.Length; block++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(counterBlock.AsSpan(12), (uint)block + 1);
            var keystream = aes.EncryptEcb(counterBlock, System.Security.Cryptography.PaddingMode.None);
            for (int i = 0; i < 16 && (block * 16) + i < plaintext.Length; i++)
            {
                expected[(block * 16) + i] = (byte)(plaintext[(block * 16) + i] ^ keystream[i]);
            }
        }

        Assert.True(AesCtrCipher.TryCreate(keyMaterial, out var cipher, out _));
        using (cipher)
        {
            AssertEncryptsAndDecrypts(cipher!, iv, plaintext, expected);
        }
    }

    internal static void AssertEncryptsAndDecrypts(ICipher cipher, byte[] iv, byte[] plaintext, byte[] ciphertext)
    {
        var output = new byte[plaintext.Length];
        Assert.True(cipher.TryEncrypt(iv, plaintext, output, out var error), error.ToString());
        Assert.Equal(Convert.ToHexString(ciphertext), Convert.ToHexString(output));

        // Twice on the same instance: the reused transforms must not carry state between calls.
        Assert.True(cipher.TryDecrypt(iv, ciphertext, output, out error), error.ToString());
        Assert.Equal(Convert.ToHexString(plaintext), Convert.ToHexString(output));
        Assert.True(cipher.TryDecrypt(iv, ciphertext, output, out error), error.ToString());
        Assert.Equal(Convert.ToHexString(plaintext), Convert.ToHexString(output));
    }
}
