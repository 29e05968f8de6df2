using DotSwan.Crypto.Ciphers;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests;

public sealed class TransformRegistryTests
{
    [Theory]
    [InlineData(EncryptionAlgorithm.AesCbc, 128, 16, 16, 16, 0, false)]
    [InlineData(EncryptionAlgorithm.AesCbc, 256, 32, 16, 16, 0, false)]
    [InlineData(EncryptionAlgorithm.AesCtr, 192, 28, 8, 1, 0, false)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, 20, 8, 1, 16, true)]
    [InlineData(EncryptionAlgorithm.AesGcm12, 256, 36, 8, 1, 12, true)]
    [InlineData(EncryptionAlgorithm.AesGcm8, 192, 28, 8, 1, 8, true)]
    [InlineData(EncryptionAlgorithm.AesCcm8, 128, 19, 8, 1, 8, true)]
    [InlineData(EncryptionAlgorithm.AesCcm16, 256, 35, 8, 1, 16, true)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 0, 36, 8, 1, 16, true)]
    [InlineData(EncryptionAlgorithm.Null, 0, 0, 0, 1, 0, false)]
    public void Describes_encryption_sizes(EncryptionAlgorithm algorithm, int keyBits, int keyMaterial, int iv, int block, int icv, bool isAead)
    {
        Assert.True(TransformRegistry.Default.TryDescribeEncryption(algorithm, keyBits, out var info, out var error), error.ToString());
        Assert.Equal((keyMaterial, iv, block, icv, isAead), (info.KeyMaterialLength, info.IvLength, info.BlockSize, info.IcvLength, info.IsAead));
        Assert.Equal(isAead, TransformRegistry.IsAead(algorithm));
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesCbc, 0)]
    [InlineData(EncryptionAlgorithm.AesCbc, 64)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 512)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 128)]
    [InlineData(EncryptionAlgorithm.Null, 128)]
    [InlineData((EncryptionAlgorithm)99, 128)]
    public void Refuses_unknown_ids_and_wrong_key_lengths(EncryptionAlgorithm algorithm, int keyBits)
    {
        Assert.False(TransformRegistry.Default.TryDescribeEncryption(algorithm, keyBits, out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(TransformRegistry.Default.TryCreateCipher(algorithm, keyBits, new byte[16], out var cipher, out _));
        Assert.Null(cipher);
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp1536, 192, 192)]
    [InlineData(KeyExchangeMethod.Modp2048, 256, 256)]
    [InlineData(KeyExchangeMethod.Modp8192, 1024, 1024)]
    [InlineData(KeyExchangeMethod.Ecp256, 64, 64)]
    [InlineData(KeyExchangeMethod.Ecp384, 96, 96)]
    [InlineData(KeyExchangeMethod.Brainpool512, 128, 128)]
    [InlineData(KeyExchangeMethod.Curve25519, 32, 32)]
    [InlineData(KeyExchangeMethod.Curve448, 56, 56)]
    [InlineData(KeyExchangeMethod.MlKem512, 800, 768)]
    [InlineData(KeyExchangeMethod.MlKem768, 1184, 1088)]
    [InlineData(KeyExchangeMethod.MlKem1024, 1568, 1568)]
    public void Key_exchange_lookup_gives_the_factory_and_public_value_lengths(KeyExchangeMethod method, int initiator, int responder)
    {
        // Lengths: RFC 3526 / RFC 5903 §7 (x ‖ y) / RFC 8031 / FIPS 203 Table 3 (ek, ciphertext).
        Assert.True(TransformRegistry.Default.TryGetKeyExchange(method, out var factory, out var error), error.ToString());
        Assert.Equal(method, factory!.Method);
        Assert.True(TransformRegistry.Default.TryGetKeyExchangeLengths(method, out int i, out int r));
        Assert.Equal((initiator, responder), (i, r));
        Assert.True(TransformRegistry.Default.IsSupported(method));
        Assert.Contains(method, TransformRegistry.Default.KeyExchangeMethods);
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp768, 96)]
    [InlineData(KeyExchangeMethod.Modp1024, 128)]
    public void Small_modp_groups_need_the_legacy_registry(KeyExchangeMethod method, int length)
    {
        Assert.True(TransformRegistry.IsLegacy(method));
        Assert.False(TransformRegistry.Default.TryGetKeyExchange(method, out var factory, out var error));
        Assert.Null(factory);
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(TransformRegistry.Default.TryGetKeyExchangeLengths(method, out int i, out int r));
        Assert.Equal((0, 0), (i, r));
        Assert.False(TransformRegistry.Default.IsSupported(method));
        Assert.DoesNotContain(method, TransformRegistry.Default.KeyExchangeMethods);

        Assert.True(TransformRegistry.WithLegacy.TryGetKeyExchange(method, out factory, out error), error.ToString());
        Assert.Equal(method, factory!.Method);
        Assert.True(TransformRegistry.WithLegacy.TryGetKeyExchangeLengths(method, out i, out r));
        Assert.Equal((length, length), (i, r));
        Assert.Contains(method, TransformRegistry.WithLegacy.KeyExchangeMethods);

        // A legacy group still works end to end once enabled.
        using var initiator = factory.CreateInitiator();
        Assert.True(factory.TryRespond(initiator.PublicValue.Span, out var reply, out var responderSecret, out error), error.ToString());
        Assert.True(initiator.TryComputeSharedSecret(reply, out var initiatorSecret, out error), error.ToString());
        using (initiatorSecret)
        using (responderSecret)
        {
            Assert.True(initiatorSecret!.ReadOnlySpan.SequenceEqual(responderSecret!.ReadOnlySpan));
        }
    }

    [Theory]
    [InlineData(KeyExchangeMethod.None)]
    [InlineData((KeyExchangeMethod)22)]
    [InlineData((KeyExchangeMethod)34)]
    [InlineData((KeyExchangeMethod)1000)]
    public void Unknown_key_exchange_methods_are_refused_with_a_typed_error(KeyExchangeMethod method)
    {
        Assert.False(TransformRegistry.IsLegacy(method));
        foreach (var registry in new[] { TransformRegistry.Default, TransformRegistry.WithLegacy })
        {
            Assert.False(registry.TryGetKeyExchange(method, out var factory, out var error));
            Assert.Null(factory);
            Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
            Assert.False(registry.TryGetKeyExchangeLengths(method, out _, out _));
        }
    }

    [Fact]
    public void Key_exchange_method_lists_differ_only_by_the_legacy_groups()
    {
        Assert.Equal(KeyExchangeCatalog.Methods, TransformRegistry.WithLegacy.KeyExchangeMethods);
        Assert.Equal(
            KeyExchangeCatalog.Methods.Except([KeyExchangeMethod.Modp768, KeyExchangeMethod.Modp1024]),
            TransformRegistry.Default.KeyExchangeMethods);
        Assert.All(TransformRegistry.Default.KeyExchangeMethods, m => Assert.False(TransformRegistry.IsLegacy(m)));
    }

    [Fact]
    public void Aes_gcm_runs_on_libcrypto_on_linux()
    {
        // .NET on Linux needs OpenSSL anyway; the fallback there would mean a broken probe, not a missing library.
        Assert.Equal(OperatingSystem.IsLinux(), TransformRegistry.AesGcmUsesLibCrypto);
        foreach (var algorithm in new[] { EncryptionAlgorithm.AesGcm8, EncryptionAlgorithm.AesGcm12, EncryptionAlgorithm.AesGcm16 })
        {
            Assert.True(TransformRegistry.Default.TryCreateAead(algorithm, 256, new byte[36], out var aead, out var error), error.ToString());
            using (aead)
            {
                Assert.Equal(TransformRegistry.AesGcmUsesLibCrypto, aead is LibCryptoAesGcmAead);
            }
        }
    }

    [Fact]
    public void ChaCha20_poly1305_runs_on_libcrypto_on_linux()
    {
        Assert.Equal(OperatingSystem.IsLinux(), TransformRegistry.ChaCha20Poly1305UsesLibCrypto);
        Assert.True(TransformRegistry.Default.TryCreateAead(EncryptionAlgorithm.ChaCha20Poly1305, 0, new byte[36], out var aead, out var error), error.ToString());
        using (aead)
        {
            Assert.Equal(TransformRegistry.ChaCha20Poly1305UsesLibCrypto, aead is LibCryptoChaCha20Poly1305Aead);
        }
    }

    [Fact]
    public void Legacy_transforms_need_the_legacy_registry()
    {
        var key = Enumerable.Range(1, 24).Select(i => (byte)(i * 11)).ToArray();
        Assert.False(TransformRegistry.Default.TryCreateCipher(EncryptionAlgorithm.TripleDes, 0, key, out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(TransformRegistry.Default.TryCreateIntegrity(IntegrityAlgorithm.HmacMd596, new byte[16], out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(TransformRegistry.Default.TryCreatePrf(PrfAlgorithm.HmacMd5, out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.Equal(0, TransformRegistry.Default.PrfOutputLength(PrfAlgorithm.HmacMd5));

        Assert.True(TransformRegistry.WithLegacy.TryCreateCipher(EncryptionAlgorithm.TripleDes, 0, key, out var cipher, out error), error.ToString());
        using (cipher)
        {
            Assert.Equal(8, cipher!.BlockSize);
        }

        Assert.True(TransformRegistry.WithLegacy.TryCreateCipher(EncryptionAlgorithm.Des, 0, key.AsSpan(0, 8), out var des, out error), error.ToString());
        des!.Dispose();
        Assert.True(TransformRegistry.WithLegacy.TryCreateIntegrity(IntegrityAlgorithm.HmacMd596, new byte[16], out var md5, out error), error.ToString());
        md5!.Dispose();
        Assert.Equal(16, TransformRegistry.WithLegacy.PrfOutputLength(PrfAlgorithm.HmacMd5));
    }

    [Fact]
    public void Weak_3des_key_is_refused_with_a_typed_error()
    {
        // K1 = K2 = K3 degenerates 3DES to single DES; the BCL refuses it.
        var key = Enumerable.Repeat(new byte[] { 1, 35, 69, 103, 137, 171, 205, 239 }, 3).SelectMany(b => b).ToArray();
        Assert.False(TransformRegistry.WithLegacy.TryCreateCipher(EncryptionAlgorithm.TripleDes, 0, key, out var cipher, out var error));
        Assert.Null(cipher);
        Assert.Equal(CryptoErrorKind.InvalidKeyLength, error.Kind);
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, 16)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, 21)]
    [InlineData(EncryptionAlgorithm.AesCcm12, 192, 24)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 0, 32)]
    public void Wrong_key_material_length_is_InvalidKeyLength(EncryptionAlgorithm algorithm, int keyBits, int keyMaterialLength)
    {
        Assert.False(TransformRegistry.Default.TryCreateAead(algorithm, keyBits, new byte[keyMaterialLength], out var aead, out var error));
        Assert.Null(aead);
        Assert.Equal(CryptoErrorKind.InvalidKeyLength, error.Kind);
    }

    [Fact]
    public void Cipher_and_aead_factories_refuse_each_others_ids()
    {
        Assert.False(TransformRegistry.Default.TryCreateCipher(EncryptionAlgorithm.AesGcm16, 128, new byte[20], out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(TransformRegistry.Default.TryCreateAead(EncryptionAlgorithm.AesCbc, 128, new byte[16], out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }

    [Fact]
    public void Creates_every_modern_transform_with_the_described_sizes()
    {
        var registry = TransformRegistry.Default;
        foreach (var algorithm in Enum.GetValues<EncryptionAlgorithm>())
        {
            foreach (int bits in new[] { 0, 128, 192, 256 })
            {
                if (!registry.TryDescribeEncryption(algorithm, bits, out var info, out _))
                {
                    continue;
                }

                var key = new byte[info.KeyMaterialLength];
                if (info.IsAead)
                {
                    Assert.True(registry.TryCreateAead(algorithm, bits, key, out var aead, out var error), error.ToString());
                    using (aead)
                    {
                        Assert.Equal((algorithm, info.KeyMaterialLength, info.IvLength, info.IcvLength), (aead!.Algorithm, aead.KeyLength, aead.IvLength, aead.IcvLength));
                    }
                }
                else
                {
                    Assert.True(registry.TryCreateCipher(algorithm, bits, key, out var cipher, out var error), error.ToString());
                    using (cipher)
                    {
                        Assert.Equal((algorithm, info.KeyMaterialLength, info.IvLength, info.BlockSize), (cipher!.Algorithm, cipher.KeyLength, cipher.IvLength, cipher.BlockSize));
                    }
                }
            }
        }

        foreach (var algorithm in Enum.GetValues<IntegrityAlgorithm>().Where(a => a != IntegrityAlgorithm.HmacMd596 && a != IntegrityAlgorithm.None))
        {
            Assert.True(registry.TryCreateIntegrity(algorithm, new byte[registry.IntegrityKeyLength(algorithm)], out var integrity, out var error), error.ToString());
            using (integrity)
            {
                Assert.Equal(registry.IntegrityIcvLength(algorithm), integrity!.IcvLength);
            }
        }

        foreach (var algorithm in Enum.GetValues<PrfAlgorithm>().Where(a => a != PrfAlgorithm.HmacMd5))
        {
            Assert.True(registry.TryCreatePrf(algorithm, out var prf, out var error), error.ToString());
            using (prf)
            {
                Assert.Equal((registry.PrfOutputLength(algorithm), registry.PrfKeyLength(algorithm)), (prf!.OutputLength, prf.KeyLength));
            }
        }
    }

    [Theory]
    [InlineData(IntegrityAlgorithm.HmacSha256128, 16)]
    [InlineData(IntegrityAlgorithm.AesXcbc96, 32)]
    public void Integrity_with_wrong_key_length_is_InvalidKeyLength(IntegrityAlgorithm algorithm, int keyLength)
    {
        Assert.False(TransformRegistry.Default.TryCreateIntegrity(algorithm, new byte[keyLength], out var integrity, out var error));
        Assert.Null(integrity);
        Assert.Equal(CryptoErrorKind.InvalidKeyLength, error.Kind);
    }

    [Fact]
    public void None_is_not_an_integrity_transform()
    {
        Assert.Equal(0, TransformRegistry.Default.IntegrityKeyLength(IntegrityAlgorithm.None));
        Assert.False(TransformRegistry.Default.TryCreateIntegrity(IntegrityAlgorithm.None, [], out _, out var error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
    }
}
