using CsCheck;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Tests.KeyExchange;

/// <summary>
/// The libcrypto paths (X25519/X448 EVP keys, EC_KEY for ECP) against the fallbacks they replaced on Linux
/// (BouncyCastle for XDH, the BCL's ECDiffieHellman for ECP): random key pairs must give the same public values and
/// the same shared secrets, and random peer values the same accept/refuse decision.
/// </summary>
public sealed class ImplementationCrossCheckTests
{
    public static TheoryData<KeyExchangeMethod> EcpMethods() =>
    [
        KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384, KeyExchangeMethod.Ecp521,
        KeyExchangeMethod.Brainpool224, KeyExchangeMethod.Brainpool256, KeyExchangeMethod.Brainpool384, KeyExchangeMethod.Brainpool512,
    ];

    private static EcpKeyExchangeFactory Ecp(KeyExchangeMethod method) => (EcpKeyExchangeFactory)KexTestData.Factory(method);

    private static XdhKeyExchangeFactory Xdh(int group) => (XdhKeyExchangeFactory)KexTestData.Factory((KeyExchangeMethod)group);

    [Fact]
    public void Linux_uses_libcrypto_for_xdh_and_every_ecp_curve()
    {
        Assert.Equal(OperatingSystem.IsLinux(), Xdh(31).UsesLibCrypto);
        Assert.Equal(OperatingSystem.IsLinux(), Xdh(32).UsesLibCrypto);
        foreach (var method in EcpMethods())
        {
            Assert.Equal(OperatingSystem.IsLinux(), Ecp(method).UsesLibCrypto);
        }
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void Xdh_paths_agree_on_random_keys_and_random_peer_values(int group)
    {
        var factory = Xdh(group);
        int size = factory.KeySize;
        Gen.Select(Gen.Byte.Array[size], Gen.Byte.Array[size]).Sample(
            (privateKey, randomPeer) =>
            {
                using var viaLibCrypto = factory.CreateWithPrivateKey(SecretBytes.CopyOf(privateKey), useLibCrypto: true);
                using var viaBouncyCastle = factory.CreateWithPrivateKey(SecretBytes.CopyOf(privateKey), useLibCrypto: false);
                Assert.Equal(viaBouncyCastle.PublicValue.ToArray(), viaLibCrypto.PublicValue.ToArray());

                // Any 32/56-byte string is a u coordinate (RFC 7748 §5): both must compute the same function.
                AssertSameOutcome(viaLibCrypto, viaBouncyCastle, randomPeer);

                // A real exchange across the two implementations.
                using var otherSide = factory.CreateInitiator(useLibCrypto: false);
                AssertAgreement(viaLibCrypto, otherSide);
            },
            iter: 50,
            threads: 1);
    }

    [Theory]
    [MemberData(nameof(EcpMethods))]
    public void Ecp_paths_agree_on_random_keys_and_random_peer_values(KeyExchangeMethod method)
    {
        var factory = Ecp(method);
        int size = factory.FieldSize;

        // Clearing the top bits keeps the scalar below the group order of every curve here; zero is astronomically unlikely.
        var scalars = Gen.Byte.Array[size].Select(s =>
        {
            s[0] &= size == 66 ? (byte)0x00 : (byte)0x3F;
            return s;
        });
        Gen.Select(scalars, Gen.Byte.Array[2 * size]).Sample(
            (privateKey, randomPeer) =>
            {
                using var viaLibCrypto = factory.CreateWithPrivateKey(privateKey, useLibCrypto: true);
                using var viaBcl = factory.CreateWithPrivateKey(privateKey, useLibCrypto: false);
                Assert.Equal(viaBcl.PublicValue.ToArray(), viaLibCrypto.PublicValue.ToArray());

                // Random bytes are (almost always) off the curve: both must refuse them alike.
                AssertSameOutcome(viaLibCrypto, viaBcl, randomPeer);

                // Fresh random key pairs from each implementation, exchanged across.
                using var freshLibCrypto = factory.CreateInitiator(useLibCrypto: true);
                using var freshBcl = factory.CreateInitiator(useLibCrypto: false);
                AssertAgreement(freshLibCrypto, freshBcl);
                AssertAgreement(viaLibCrypto, freshBcl);
                AssertAgreement(freshLibCrypto, viaBcl);
            },
            iter: method is KeyExchangeMethod.Ecp256 or KeyExchangeMethod.Brainpool224 or KeyExchangeMethod.Brainpool256 ? 30 : 10,
            threads: 1);
    }

    [Theory]
    [MemberData(nameof(EcpMethods))]
    public void Ecp_responders_on_both_paths_refuse_a_point_off_the_curve_alike(KeyExchangeMethod method)
    {
        var factory = Ecp(method);
        using var initiator = factory.CreateInitiator(useLibCrypto: false);
        byte[] tampered = initiator.PublicValue.ToArray();
        tampered[^1] ^= 1;

        foreach (bool libCrypto in new[] { true, false })
        {
            using var exchange = factory.CreateInitiator(libCrypto);
            Assert.True(exchange.TryComputeSharedSecret(initiator.PublicValue.Span, out var secret, out _));
            secret!.Dispose();
            Assert.False(exchange.TryComputeSharedSecret(tampered, out secret, out var error));
            Assert.Null(secret);
            Assert.Equal(CryptoErrorKind.InvalidPublicValue, error.Kind);
        }
    }

    private static void AssertSameOutcome(IKeyExchange a, IKeyExchange b, byte[] peerValue)
    {
        bool okA = a.TryComputeSharedSecret(peerValue, out var secretA, out var errorA);
        bool okB = b.TryComputeSharedSecret(peerValue, out var secretB, out var errorB);
        using (secretA)
        using (secretB)
        {
            Assert.Equal(okB, okA);
            if (okA)
            {
                Assert.Equal(Convert.ToHexString(secretB!.ReadOnlySpan), Convert.ToHexString(secretA!.ReadOnlySpan));
            }
            else
            {
                Assert.Equal(CryptoErrorKind.InvalidPublicValue, errorA.Kind);
                Assert.Equal(CryptoErrorKind.InvalidPublicValue, errorB.Kind);
            }
        }
    }

    private static void AssertAgreement(IKeyExchange a, IKeyExchange b)
    {
        Assert.True(a.TryComputeSharedSecret(b.PublicValue.Span, out var secretA, out var errorA), errorA.ToString());
        Assert.True(b.TryComputeSharedSecret(a.PublicValue.Span, out var secretB, out var errorB), errorB.ToString());
        using (secretA)
        using (secretB)
        {
            Assert.Equal(Convert.ToHexString(secretB!.ReadOnlySpan), Convert.ToHexString(secretA!.ReadOnlySpan));
            Assert.True(secretA!.ReadOnlySpan.ContainsAnyExcept((byte)0));
        }
    }
}
