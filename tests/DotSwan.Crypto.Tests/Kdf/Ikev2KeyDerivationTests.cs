using System.Security.Cryptography;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>Rules of RFC 7296 §2.14/§2.17 that the published vectors do not reach, and the refusal of bad sizes.</summary>
public sealed class Ikev2KeyDerivationTests
{
    private static readonly byte[] Ni = [.. Enumerable.Range(0x10, 32).Select(i => (byte)i)];
    private static readonly byte[] Nr = [.. Enumerable.Range(0x80, 24).Select(i => (byte)i)];
    private static readonly byte[] Gir = [.. Enumerable.Range(0, 256).Select(i => (byte)(i * 7))];

    [Theory]
    [InlineData(PrfAlgorithm.Aes128Xcbc)]
    [InlineData(PrfAlgorithm.Aes128Cmac)]
    public void Fixed_key_prfs_are_keyed_with_the_first_64_bits_of_each_nonce(PrfAlgorithm algorithm)
    {
        // The HMAC stands in for the AES PRF: only the key selection is under test.
        using var prf = new TestHmacPrf("SHA2-256", algorithm);
        Assert.True(Ikev2KeyDerivation.TryComputeSkeyseed(prf, Ni, Nr, Gir, out SecretBytes? skeyseed, out _));
        using (skeyseed)
        {
            byte[] key = [.. Ni[..8], .. Nr[..8]];
            Assert.Equal(key, prf.LastKey);
            Assert.Equal(HMACSHA256.HashData(key, Gir), skeyseed!.ReadOnlySpan.ToArray());
        }
    }

    [Fact]
    public void Hmac_prfs_are_keyed_with_the_whole_nonces()
    {
        using var prf = new TestHmacPrf("SHA2-256");
        Assert.True(Ikev2KeyDerivation.TryComputeSkeyseed(prf, Ni, Nr, Gir, out SecretBytes? skeyseed, out _));
        using (skeyseed)
        {
            Assert.Equal([.. Ni, .. Nr], prf.LastKey);
        }
    }

    [Fact]
    public void Fixed_key_prf_with_a_nonce_under_64_bits_is_a_typed_error()
    {
        using var prf = new TestHmacPrf("SHA2-256", PrfAlgorithm.Aes128Xcbc);
        Assert.False(Ikev2KeyDerivation.TryComputeSkeyseed(prf, Ni.AsSpan(0, 7), Nr, Gir, out SecretBytes? skeyseed, out CryptoError error));
        Assert.Null(skeyseed);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    [Fact]
    public void Child_keys_take_initiator_encryption_integrity_then_responder_encryption_integrity()
    {
        using var prf = new TestHmacPrf("SHA2-256");
        byte[] skD = [.. Enumerable.Repeat((byte)0x5a, 32)];
        var lengths = new ChildSaKeyLengths(EncryptionKeyLength: 36, IntegrityKeyLength: 0);
        var keymat = new byte[72];
        Assert.True(Ikev2KeyDerivation.TryExpandChildKeyMaterial(prf, skD, Gir, Ni, Nr, keymat, out _));
        Assert.True(Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, skD, Gir, Ni, Nr, lengths, out ChildSaKeys? keys, out _));
        using (keys)
        {
            Assert.Equal(keymat[..36], keys!.InitiatorEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Empty(keys.InitiatorIntegrityKey.ReadOnlySpan.ToArray());
            Assert.Equal(keymat[36..], keys.ResponderEncryptionKey.ReadOnlySpan.ToArray());
        }
    }

    [Fact]
    public void Pfs_secret_goes_before_the_nonces()
    {
        using var prf = new TestHmacPrf("SHA2-256");
        byte[] skD = [.. Enumerable.Repeat((byte)0x33, 32)];
        var keymat = new byte[32];
        Assert.True(Ikev2KeyDerivation.TryExpandChildKeyMaterial(prf, skD, Gir, Ni, Nr, keymat, out _));
        byte[] t1Input = [.. Gir, .. Ni, .. Nr, 1];
        Assert.Equal(HMACSHA256.HashData(skD, t1Input), keymat);
    }

    [Fact]
    public void Negative_lengths_are_typed_errors()
    {
        using var prf = new TestHmacPrf("SHA2-256");
        Assert.False(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, new byte[32], Ni, Nr, 1, 2, new IkeSaKeyLengths(32, -1, 16),
            out IkeSaKeys? ike, out CryptoError error));
        Assert.Null(ike);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
        Assert.False(Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, new byte[32], ReadOnlySpan<byte>.Empty, Ni, Nr,
            new ChildSaKeyLengths(-16, 0), out ChildSaKeys? child, out error));
        Assert.Null(child);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    [Theory]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(32, 4000, 4000)]
    public void Oversized_ike_sa_lengths_are_typed_errors(int prfKey, int integrity, int encryption)
    {
        using var prf = new TestHmacPrf("SHA2-256");
        Assert.False(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, new byte[32], Ni, Nr, 1, 2,
            new IkeSaKeyLengths(prfKey, integrity, encryption), out IkeSaKeys? keys, out CryptoError error));
        Assert.Null(keys);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    [Theory]
    [InlineData(int.MaxValue, int.MaxValue)]
    [InlineData(3000, 3000)]
    public void Oversized_child_sa_lengths_are_typed_errors(int encryption, int integrity)
    {
        using var prf = new TestHmacPrf("SHA-1");
        Assert.False(Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, new byte[20], ReadOnlySpan<byte>.Empty, Ni, Nr,
            new ChildSaKeyLengths(encryption, integrity), out ChildSaKeys? keys, out CryptoError error));
        Assert.Null(keys);
        Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
    }

    [Fact]
    public void Disposing_keys_zeroes_them()
    {
        using var prf = new TestHmacPrf("SHA2-256");
        Assert.True(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, new byte[32], Ni, Nr, 1, 2, new IkeSaKeyLengths(32, 32, 16),
            out IkeSaKeys? keys, out _));
        SecretBytes skD = keys!.SkD;
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => skD.Span.Length);
    }
}
