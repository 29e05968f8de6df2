using System.Security.Cryptography;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// ECDH over a prime curve through the BCL's <see cref="ECDiffieHellman"/>: NIST P-256/384/521 (RFC 5903, groups 19–21)
/// and brainpool r1 curves (RFC 6954, groups 27–30). Public value x ‖ y, each left-padded to the field size;
/// shared secret the x coordinate (RFC 5903 §7).
/// </summary>
internal sealed class EcpKeyExchangeFactory : IKeyExchangeFactory
{
    private readonly ECCurve _curve;

    /// <summary>Creates the factory of one named curve whose field is <paramref name="fieldSize"/> bytes.</summary>
    public EcpKeyExchangeFactory(KeyExchangeMethod method, ECCurve curve, int fieldSize)
    {
        Method = method;
        _curve = curve;
        FieldSize = fieldSize;
    }

    /// <inheritdoc />
    public KeyExchangeMethod Method { get; }

    /// <summary>Bytes in one coordinate.</summary>
    public int FieldSize { get; }

    /// <inheritdoc />
    public int InitiatorPublicValueLength => 2 * FieldSize;

    /// <inheritdoc />
    public int ResponderPublicValueLength => 2 * FieldSize;

    /// <inheritdoc />
    public IKeyExchange CreateInitiator() => new EcpKeyExchange(this, ECDiffieHellman.Create(_curve));

    /// <summary>An exchange with a chosen private scalar (big-endian, field size); for known-answer tests.</summary>
    internal EcpKeyExchange CreateWithPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        var parameters = new ECParameters { Curve = _curve, D = privateKey.ToArray() };
        try
        {
            return new EcpKeyExchange(this, ECDiffieHellman.Create(parameters));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <inheritdoc />
    public bool TryRespond(ReadOnlySpan<byte> initiatorPublicValue, out byte[]? responderPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        responderPublicValue = null;
        using ECDiffieHellman? peer = TryImportPeer(initiatorPublicValue, out error);
        if (peer is null)
        {
            sharedSecret = null;
            return false;
        }

        using var exchange = (EcpKeyExchange)CreateInitiator();
        if (!exchange.TryAgree(peer, out sharedSecret, out error))
        {
            return false;
        }

        responderPublicValue = exchange.PublicValue.ToArray();
        return true;
    }

    /// <summary>
    /// Imports the peer's x ‖ y; the import checks the point is on the curve (RFC 6989 §2.3), and any BCL exception
    /// becomes <see cref="CryptoErrorKind.InvalidPublicValue"/>.
    /// </summary>
    internal ECDiffieHellman? TryImportPeer(ReadOnlySpan<byte> value, out CryptoError error)
    {
        if (value.Length != 2 * FieldSize)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} public value has {value.Length} bytes, expected {2 * FieldSize}");
            return null;
        }

        var parameters = new ECParameters
        {
            Curve = _curve,
            Q = new ECPoint { X = value[..FieldSize].ToArray(), Y = value[FieldSize..].ToArray() },
        };
        try
        {
            var peer = ECDiffieHellman.Create(parameters);
            error = default;
            return peer;
        }
#pragma warning disable CA1031 // Peer input must never escape as an exception; every failure means "not a valid point".
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or PlatformNotSupportedException)
#pragma warning restore CA1031
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} public value is not a point on the curve");
            return null;
        }
    }

    /// <summary>Writes x ‖ y of <paramref name="key"/>'s public point, each left-padded to the field size.</summary>
    internal byte[] EncodePublicValue(ECDiffieHellman key)
    {
        ECParameters parameters = key.ExportParameters(includePrivateParameters: false);
        var encoded = new byte[2 * FieldSize];
        byte[] x = parameters.Q.X!;
        byte[] y = parameters.Q.Y!;
        x.CopyTo(encoded.AsSpan(FieldSize - x.Length, x.Length));
        y.CopyTo(encoded.AsSpan((2 * FieldSize) - y.Length, y.Length));
        return encoded;
    }
}
