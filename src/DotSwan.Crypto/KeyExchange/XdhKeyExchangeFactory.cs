using System.Security.Cryptography;
using DotSwan.Crypto.Native;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// X25519 and X448 (RFC 7748) for IKEv2 groups 31 and 32 (RFC 8031): through libcrypto's EVP raw keys when libcrypto 3 is
/// loadable (Linux), otherwise through BouncyCastle's RFC 7748 arithmetic (the BCL has neither). Keys are the raw
/// 32/56-byte strings; an all-zero shared secret is refused (RFC 8031 §2.3).
/// </summary>
internal sealed class XdhKeyExchangeFactory : IKeyExchangeFactory
{
    private readonly bool _allowLibCrypto;

    private XdhKeyExchangeFactory(KeyExchangeMethod method, int keySize, int evpPKeyType, bool allowLibCrypto)
    {
        Method = method;
        KeySize = keySize;
        EvpPKeyType = evpPKeyType;
        _allowLibCrypto = allowLibCrypto;
    }

    /// <summary>X25519, group 31.</summary>
    public static XdhKeyExchangeFactory Curve25519 { get; } = new(KeyExchangeMethod.Curve25519, 32, LibCryptoEvpKeyExchange.X25519, allowLibCrypto: true);

    /// <summary>X448, group 32.</summary>
    public static XdhKeyExchangeFactory Curve448 { get; } = new(KeyExchangeMethod.Curve448, 56, LibCryptoEvpKeyExchange.X448, allowLibCrypto: true);

    /// <summary>True when new exchanges use libcrypto; false means the BouncyCastle fallback.</summary>
    public bool UsesLibCrypto => _allowLibCrypto && LibCryptoEvpKeyExchange.IsAvailable;

    /// <inheritdoc />
    public KeyExchangeMethod Method { get; }

    /// <summary>The same method on the BouncyCastle fallback alone; lets the tests run that path where libcrypto exists.</summary>
    internal XdhKeyExchangeFactory WithoutLibCrypto() => new(Method, KeySize, EvpPKeyType, allowLibCrypto: false);

    /// <summary>Bytes in a private key, a public value and the shared secret.</summary>
    public int KeySize { get; }

    /// <inheritdoc />
    public int InitiatorPublicValueLength => KeySize;

    /// <inheritdoc />
    public int ResponderPublicValueLength => KeySize;

    /// <summary>The EVP_PKEY type (NID) of this curve in libcrypto.</summary>
    internal int EvpPKeyType { get; }

    /// <inheritdoc />
    public IKeyExchange CreateInitiator() => CreateInitiator(UsesLibCrypto);

    /// <summary>A fresh exchange on the chosen implementation; the tests compare the two.</summary>
    internal IKeyExchange CreateInitiator(bool useLibCrypto)
    {
        var privateKey = new SecretBytes(KeySize);
        RandomNumberGenerator.Fill(privateKey.Span);
        return CreateWithPrivateKey(privateKey, useLibCrypto);
    }

    /// <summary>An exchange with a chosen private key (clamped when used); takes ownership of <paramref name="privateKey"/>.</summary>
    internal IKeyExchange CreateWithPrivateKey(SecretBytes privateKey) => CreateWithPrivateKey(privateKey, UsesLibCrypto);

    /// <summary>
    /// An exchange with a chosen private key on the chosen implementation; takes ownership of <paramref name="privateKey"/>
    /// (the libcrypto path copies it into OpenSSL and clears it at once).
    /// </summary>
    internal IKeyExchange CreateWithPrivateKey(SecretBytes privateKey, bool useLibCrypto)
    {
        var publicValue = new byte[KeySize];
        if (useLibCrypto)
        {
            using (privateKey)
            {
                var key = LibCryptoEvpKeyExchange.TryCreateXdhKey(EvpPKeyType, privateKey.ReadOnlySpan, publicValue)
                    ?? throw new CryptographicException($"libcrypto refused to create a {Method} key.");
                return new LibCryptoXdhKeyExchange(this, key, publicValue);
            }
        }

        if (Method == KeyExchangeMethod.Curve25519)
        {
            X25519.ScalarMultBase(privateKey.ReadOnlySpan, publicValue);
        }
        else
        {
            X448.ScalarMultBase(privateKey.ReadOnlySpan, publicValue);
        }

        return new BouncyCastleXdhKeyExchange(this, privateKey, publicValue);
    }

    /// <inheritdoc />
    public bool TryRespond(ReadOnlySpan<byte> initiatorPublicValue, out byte[]? responderPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        responderPublicValue = null;
        sharedSecret = null;
        if (!TryCheckLength(initiatorPublicValue, out error))
        {
            return false;
        }

        using var exchange = CreateInitiator();
        if (!exchange.TryComputeSharedSecret(initiatorPublicValue, out sharedSecret, out error))
        {
            return false;
        }

        responderPublicValue = exchange.PublicValue.ToArray();
        return true;
    }

    /// <summary>The RFC 7748 function X25519/X448(k, u) through BouncyCastle; false when the result is all zero (a low-order u).</summary>
    internal bool CalculateAgreement(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> u, Span<byte> result) =>
        Method == KeyExchangeMethod.Curve25519
            ? X25519.CalculateAgreement(privateKey, u, result)
            : X448.CalculateAgreement(privateKey, u, result);

    /// <summary>A peer's public value must be exactly <see cref="KeySize"/> bytes.</summary>
    internal bool TryCheckLength(ReadOnlySpan<byte> peerPublicValue, out CryptoError error)
    {
        if (peerPublicValue.Length != KeySize)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} public value has {peerPublicValue.Length} bytes, expected {KeySize}");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>The error of a refused agreement: in practice the peer sent a low-order point.</summary>
    internal static CryptoError LowOrderError(KeyExchangeMethod method) =>
        new(CryptoErrorKind.InvalidPublicValue, $"{method} shared secret is all zero: the peer sent a low-order point (RFC 8031 §2.3)");
}
