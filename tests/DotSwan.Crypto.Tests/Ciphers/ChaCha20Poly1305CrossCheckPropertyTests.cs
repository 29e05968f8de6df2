using CsCheck;
using DotSwan.Crypto.Ciphers;

namespace DotSwan.Crypto.Tests.Ciphers;

/// <summary>
/// The libcrypto ChaCha20-Poly1305 (cached EVP contexts) against the BCL's: same key, salt, IV, AAD and plaintext must give
/// the same ciphertext and ICV, and each must open the other's output. One instance of each is reused across packets,
/// as the data plane does.
/// </summary>
public sealed class ChaCha20Poly1305CrossCheckPropertyTests
{
    [Fact]
    public void LibCrypto_and_bcl_produce_identical_ciphertext_and_icv()
    {
        Assert.Equal(OperatingSystem.IsLinux(), TransformRegistry.ChaCha20Poly1305UsesLibCrypto);
        if (!TransformRegistry.ChaCha20Poly1305UsesLibCrypto)
        {
            return;
        }

        var packet = Gen.Select(Gen.Byte.Array[8], Gen.Byte.Array[0, 1600], Gen.Byte.Array[0, 40]);
        var gen = Gen.Select(Gen.Byte.Array[36], packet.Array[1, 6]);
        gen.Sample((key, packets) =>
        {
            Assert.True(LibCryptoChaCha20Poly1305Aead.TryCreate(key, out var evp, out var error), error.ToString());
            Assert.True(ChaCha20Poly1305Aead.TryCreate(key, out var bcl, out error), error.ToString());
            using (evp)
            using (bcl)
            {
                foreach (var (iv, plaintext, aad) in packets)
                {
                    var (evpText, evpIcv) = Seal(evp!, iv, plaintext, aad);
                    var (bclText, bclIcv) = Seal(bcl!, iv, plaintext, aad);
                    Assert.Equal(Convert.ToHexString(bclText), Convert.ToHexString(evpText));
                    Assert.Equal(Convert.ToHexString(bclIcv), Convert.ToHexString(evpIcv));

                    var opened = new byte[plaintext.Length];
                    Assert.True(evp!.TryOpen(iv, bclText, bclIcv, aad, opened, out error), error.ToString());
                    Assert.Equal(plaintext, opened);
                    Assert.True(bcl!.TryOpen(iv, evpText, evpIcv, aad, opened, out error), error.ToString());
                    Assert.Equal(plaintext, opened);
                }
            }
        }, iter: 100);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(35)]
    [InlineData(37)]
    public void LibCrypto_chacha_refuses_other_key_lengths_with_a_typed_error(int keyMaterialLength)
    {
        Assert.False(LibCryptoChaCha20Poly1305Aead.TryCreate(new byte[keyMaterialLength], out var aead, out var error));
        Assert.Null(aead);
        Assert.Equal(CryptoErrorKind.InvalidKeyLength, error.Kind);
    }

    private static (byte[] Ciphertext, byte[] Icv) Seal(IAead aead, byte[] iv, byte[] plaintext, byte[] aad)
    {
        var ciphertext = new byte[plaintext.Length];
        var icv = new byte[aead.IcvLength];
        Assert.True(aead.TrySeal(iv, plaintext, aad, ciphertext, icv, out var error), error.ToString());
        return (ciphertext, icv);
    }
}
