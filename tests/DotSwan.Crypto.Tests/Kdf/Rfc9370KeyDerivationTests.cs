using System.Security.Cryptography;
using CsCheck;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// RFC 9370 (multiple key exchanges) derivations. No published vectors exist for them, so each step is checked against the
/// formula written out with the BCL's HMAC-SHA-256 and prf+ (itself checked against NIST and strongSwan elsewhere).
/// </summary>
public sealed class Rfc9370KeyDerivationTests
{
    private static readonly byte[] Ni = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Nr = RandomNumberGenerator.GetBytes(48);
    private const ulong SpiI = 0x0102030405060708, SpiR = 0x1112131415161718;
    private static readonly IkeSaKeyLengths Lengths = new(32, 32, 36);

    private static byte[] Hmac(byte[] key, params byte[][] parts) => HMACSHA256.HashData(key, parts.SelectMany(p => p).ToArray());

    private static byte[] Spis => [.. BitConverter.GetBytes(SpiI).Reverse(), .. BitConverter.GetBytes(SpiR).Reverse()];

    private static byte[] PrfPlusOf(IPrf prf, byte[] key, byte[] seed, long length)
    {
        var output = new byte[length];
        Assert.True(PrfPlus.TryExpand(prf, key, seed, output, out _));
        return output;
    }

    [Fact]
    public void Ike_intermediate_chain_rekeys_sk_from_the_previous_sk_d_with_each_additional_secret()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        byte[] sk0 = RandomNumberGenerator.GetBytes(32);     // e.g. the X25519 secret of IKE_SA_INIT
        byte[][] additional = [RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(1024)]; // e.g. ML-KEM, MODP-8192

        Assert.True(Ikev2KeyDerivation.TryComputeSkeyseed(prf, Ni, Nr, sk0, out SecretBytes? seed, out _));
        Assert.True(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, seed!.ReadOnlySpan, Ni, Nr, SpiI, SpiR, Lengths, out IkeSaKeys? keys, out _));
        seed.Dispose();

        foreach (byte[] skN in additional)
        {
            byte[] previousSkD = keys!.SkD.ReadOnlySpan.ToArray();
            Assert.True(Ikev2KeyDerivation.TryComputeAdditionalKeyExchangeSkeyseed(prf, previousSkD, skN, Ni, Nr, out SecretBytes? seedN, out _));
            using (seedN)
            {
                byte[] expectedSeed = Hmac(previousSkD, skN, Ni, Nr);
                Assert.Equal(expectedSeed, seedN!.ReadOnlySpan.ToArray());

                keys.Dispose();
                Assert.True(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, seedN.ReadOnlySpan, Ni, Nr, SpiI, SpiR, Lengths, out keys, out _));
                byte[] expected = PrfPlusOf(prf, expectedSeed, [.. Ni, .. Nr, .. Spis], Lengths.Total);
                Assert.Equal(expected[..32], keys!.SkD.ReadOnlySpan.ToArray());
                Assert.Equal(expected[(32 + 64)..(32 + 64 + 36)], keys.SkEi.ReadOnlySpan.ToArray());
                Assert.Equal(expected[^32..], keys.SkPr.ReadOnlySpan.ToArray());
                Assert.NotEqual(previousSkD, keys.SkD.ReadOnlySpan.ToArray());
            }
        }

        keys!.Dispose();
    }

    [Fact]
    public void Create_child_sa_keymat_uses_all_secrets_in_order_before_the_nonces()
    {
        Gen.Select(Gen.Byte.Array[1, 600], Gen.Byte.Array[1, 600], Gen.Byte.Array[1, 64]).Sample((a, b, c) =>
        {
            using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
            byte[] skD = RandomNumberGenerator.GetBytes(32);
            using SecretBytes s0 = SecretBytes.CopyOf(a), s1 = SecretBytes.CopyOf(b), s2 = SecretBytes.CopyOf(c);
            var keymat = new byte[2 * (16 + 4 + 32)];
            Assert.True(Ikev2KeyDerivation.TryExpandChildKeyMaterial(prf, skD, [s0, s1, s2], Ni, Nr, keymat, out _));
            Assert.Equal(PrfPlusOf(prf, skD, [.. a, .. b, .. c, .. Ni, .. Nr], keymat.Length), keymat);

            var swapped = new byte[keymat.Length];
            Assert.True(Ikev2KeyDerivation.TryExpandChildKeyMaterial(prf, skD, [s1, s0, s2], Ni, Nr, swapped, out _));
            Assert.NotEqual(keymat, swapped);
        }, iter: 50);
    }

    [Fact]
    public void No_secrets_in_the_list_is_a_child_sa_without_pfs()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        byte[] skD = RandomNumberGenerator.GetBytes(32);
        var viaList = new byte[80];
        var plain = new byte[80];
        Assert.True(Ikev2KeyDerivation.TryExpandChildKeyMaterial(prf, skD, ReadOnlySpan<SecretBytes>.Empty, Ni, Nr, viaList, out _));
        Assert.True(Ikev2KeyDerivation.TryExpandChildKeyMaterial(prf, skD, ReadOnlySpan<byte>.Empty, Ni, Nr, plain, out _));
        Assert.Equal(plain, viaList);
        Assert.Equal(PrfPlusOf(prf, skD, [.. Ni, .. Nr], 80), plain);
    }

    [Fact]
    public void Ike_sa_rekey_with_several_key_exchanges_uses_old_sk_d_and_all_secrets()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        byte[] oldSkD = RandomNumberGenerator.GetBytes(32);
        byte[] a = RandomNumberGenerator.GetBytes(56), b = RandomNumberGenerator.GetBytes(32);
        using SecretBytes s0 = SecretBytes.CopyOf(a), s1 = SecretBytes.CopyOf(b);
        Assert.True(Ikev2KeyDerivation.TryComputeRekeySkeyseed(prf, oldSkD, [s0, s1], Ni, Nr, out SecretBytes? seed, out _));
        using (seed)
        {
            Assert.Equal(Hmac(oldSkD, a, b, Ni, Nr), seed!.ReadOnlySpan.ToArray());
        }
    }

    [Fact]
    public void A_missing_secret_in_the_list_is_a_typed_error()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        SecretBytes[] secrets = [SecretBytes.CopyOf([1, 2, 3]), null!];
        Assert.False(Ikev2KeyDerivation.TryComputeRekeySkeyseed(prf, new byte[32], secrets, Ni, Nr, out SecretBytes? seed, out CryptoError error));
        Assert.Null(seed);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        secrets[0].Dispose();
    }
}
