using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// ML-KEM (FIPS 203) as an IKEv2 key exchange (draft-ietf-ipsecme-ikev2-mlkem): the initiator sends its encapsulation key,
/// the responder answers with a ciphertext, both get a 32-byte secret. Through BouncyCastle, behind this interface so the
/// BCL's MLKem can replace it when the platform's OpenSSL supports it.
/// </summary>
internal sealed class MlKemKeyExchangeFactory : IKeyExchangeFactory
{
    /// <summary>ML-KEM's q: every 12-bit coefficient of an encapsulation key must be below it (FIPS 203 §7.2 modulus check).</summary>
    private const int Q = 3329;

    private MlKemKeyExchangeFactory(KeyExchangeMethod method, MLKemParameters parameters, int k, int ciphertextLength)
    {
        Method = method;
        Parameters = parameters;
        K = k;
        CiphertextLength = ciphertextLength;
    }

    /// <summary>ML-KEM-512, method 35.</summary>
    public static MlKemKeyExchangeFactory MlKem512 { get; } = new(KeyExchangeMethod.MlKem512, MLKemParameters.ml_kem_512, 2, 768);

    /// <summary>ML-KEM-768, method 36.</summary>
    public static MlKemKeyExchangeFactory MlKem768 { get; } = new(KeyExchangeMethod.MlKem768, MLKemParameters.ml_kem_768, 3, 1088);

    /// <summary>ML-KEM-1024, method 37.</summary>
    public static MlKemKeyExchangeFactory MlKem1024 { get; } = new(KeyExchangeMethod.MlKem1024, MLKemParameters.ml_kem_1024, 4, 1568);

    /// <inheritdoc />
    public KeyExchangeMethod Method { get; }

    /// <summary>BouncyCastle's parameter set.</summary>
    internal MLKemParameters Parameters { get; }

    /// <summary>The module rank k (2, 3, 4).</summary>
    public int K { get; }

    /// <summary>Bytes in an encapsulation key: 384·k + 32.</summary>
    public int EncapsulationKeyLength => (384 * K) + 32;

    /// <summary>Bytes in a ciphertext.</summary>
    public int CiphertextLength { get; }

    /// <summary>Bytes in the shared secret.</summary>
    public static int SharedSecretLength => 32;

    /// <inheritdoc />
    public int InitiatorPublicValueLength => EncapsulationKeyLength;

    /// <inheritdoc />
    public int ResponderPublicValueLength => CiphertextLength;

    /// <inheritdoc />
    public IKeyExchange CreateInitiator()
    {
        var generator = new MLKemKeyPairGenerator();
        generator.Init(new MLKemKeyGenerationParameters(new SecureRandom(), Parameters));
        var pair = generator.GenerateKeyPair();
        return new MlKemKeyExchange(this, (MLKemPrivateKeyParameters)pair.Private);
    }

    /// <summary>An exchange whose key pair comes from the 64-byte seed d ‖ z (FIPS 203 ML-KEM.KeyGen_internal); for known-answer tests.</summary>
    internal MlKemKeyExchange CreateFromSeed(byte[] seed) =>
        new(this, MLKemPrivateKeyParameters.FromSeed(Parameters, seed));

    /// <inheritdoc />
    public bool TryRespond(ReadOnlySpan<byte> initiatorPublicValue, out byte[]? responderPublicValue, out SecretBytes? sharedSecret, out CryptoError error) =>
        TryEncapsulate(initiatorPublicValue, new SecureRandom(), out responderPublicValue, out sharedSecret, out error);

    /// <summary>Encapsulates to the peer's key with the given randomness source (fixed in known-answer tests).</summary>
    internal bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, SecureRandom random, out byte[]? ciphertext, out SecretBytes? sharedSecret, out CryptoError error)
    {
        ciphertext = null;
        sharedSecret = null;
        if (encapsulationKey.Length != EncapsulationKeyLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} encapsulation key has {encapsulationKey.Length} bytes, expected {EncapsulationKeyLength}");
            return false;
        }

        if (!PassesModulusCheck(encapsulationKey))
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} encapsulation key has a coefficient not below q (FIPS 203 §7.2)");
            return false;
        }

        var encapsulation = new byte[CiphertextLength];
        var secret = new SecretBytes(SharedSecretLength);
        try
        {
            var publicKey = MLKemPublicKeyParameters.FromEncoding(Parameters, encapsulationKey.ToArray());
            var encapsulator = new MLKemEncapsulator(Parameters);
            encapsulator.Init(new ParametersWithRandom(publicKey, random));
            encapsulator.Encapsulate(encapsulation, secret.Span);
        }
#pragma warning disable CA1031 // Checked above, so BouncyCastle should not throw; if it does, it is still the peer's bad key.
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
#pragma warning restore CA1031
        {
            secret.Dispose();
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} encapsulation key was refused by the ML-KEM implementation");
            return false;
        }

        ciphertext = encapsulation;
        sharedSecret = secret;
        error = default;
        return true;
    }

    /// <summary>FIPS 203 §7.2: ByteEncode12(ByteDecode12(ek[0:384k])) must equal the input, i.e. every coefficient is below q.</summary>
    internal bool PassesModulusCheck(ReadOnlySpan<byte> encapsulationKey)
    {
        ReadOnlySpan<byte> packed = encapsulationKey[..(384 * K)];
        bool ok = true;
        for (int i = 0; i < packed.Length; i += 3)
        {
            int first = packed[i] | ((packed[i + 1] & 0x0F) << 8);
            int second = (packed[i + 1] >> 4) | (packed[i + 2] << 4);
            ok &= first < Q & second < Q;
        }

        return ok;
    }
}
