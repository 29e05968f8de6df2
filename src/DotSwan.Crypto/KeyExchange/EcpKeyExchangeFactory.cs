using System.Security.Cryptography;
using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// ECDH over a prime curve: NIST P-256/384/521 (RFC 5903, groups 19–21) and brainpool r1 curves (RFC 6954, groups 27–30).
/// Through libcrypto's EC_KEY when libcrypto 3 is loadable and has the curve (Linux), otherwise through the BCL's
/// <see cref="ECDiffieHellman"/>. Public value x ‖ y, each left-padded to the field size; shared secret the x coordinate
/// (RFC 5903 §7).
/// </summary>
internal sealed class EcpKeyExchangeFactory : IKeyExchangeFactory
{
    private readonly ECCurve _curve;
    private readonly int _nid;
    private nint _group;
    private bool _groupLoaded;

    /// <summary>
    /// Creates the factory of one named curve whose field is <paramref name="fieldSize"/> bytes; <paramref name="nid"/> is
    /// the curve's OpenSSL NID, or 0 for the BCL alone.
    /// </summary>
    public EcpKeyExchangeFactory(KeyExchangeMethod method, ECCurve curve, int fieldSize, int nid)
    {
        Method = method;
        _curve = curve;
        FieldSize = fieldSize;
        _nid = nid;
    }

    /// <inheritdoc />
    public KeyExchangeMethod Method { get; }

    /// <summary>Bytes in one coordinate.</summary>
    public int FieldSize { get; }

    /// <inheritdoc />
    public int InitiatorPublicValueLength => 2 * FieldSize;

    /// <inheritdoc />
    public int ResponderPublicValueLength => 2 * FieldSize;

    /// <summary>The same curve on the BCL fallback alone; lets the tests run that path where libcrypto exists.</summary>
    internal EcpKeyExchangeFactory WithoutLibCrypto() => new(Method, _curve, FieldSize, nid: 0);

    /// <summary>True when new exchanges use libcrypto; false means the BCL fallback.</summary>
    public bool UsesLibCrypto => Group != 0;

    /// <summary>libcrypto's shared, read-only EC_GROUP of this curve, or 0 when unavailable.</summary>
    private nint Group
    {
        get
        {
            if (!Volatile.Read(ref _groupLoaded))
            {
                // Racing threads get the same process-wide group, so the unsynchronised write is harmless.
                _group = _nid == 0 ? 0 : LibCryptoEvpKeyExchange.GetGroup(_nid);
                Volatile.Write(ref _groupLoaded, true);
            }

            return _group;
        }
    }

    /// <inheritdoc />
    public IKeyExchange CreateInitiator() => CreateInitiator(UsesLibCrypto);

    /// <summary>A fresh exchange on the chosen implementation; the tests compare the two.</summary>
    internal IKeyExchange CreateInitiator(bool useLibCrypto)
    {
        if (!useLibCrypto)
        {
            return new EcpKeyExchange(this, ECDiffieHellman.Create(_curve));
        }

        var publicValue = new byte[2 * FieldSize];
        var key = LibCryptoEvpKeyExchange.TryGenerateEcKey(RequireGroup(), publicValue)
            ?? throw new CryptographicException($"libcrypto refused to generate a {Method} key.");
        return new LibCryptoEcpKeyExchange(this, key, publicValue);
    }

    /// <summary>An exchange with a chosen private scalar (big-endian, field size); for known-answer tests.</summary>
    internal IKeyExchange CreateWithPrivateKey(ReadOnlySpan<byte> privateKey) => CreateWithPrivateKey(privateKey, UsesLibCrypto);

    /// <summary>An exchange with a chosen private scalar on the chosen implementation.</summary>
    internal IKeyExchange CreateWithPrivateKey(ReadOnlySpan<byte> privateKey, bool useLibCrypto)
    {
        if (useLibCrypto)
        {
            var publicValue = new byte[2 * FieldSize];
            var key = LibCryptoEvpKeyExchange.TryCreateEcKey(RequireGroup(), privateKey, publicValue)
                ?? throw new CryptographicException($"libcrypto refused the {Method} private key.");
            return new LibCryptoEcpKeyExchange(this, key, publicValue);
        }

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
        if (UsesLibCrypto)
        {
            return TryRespondLibCrypto(initiatorPublicValue, ref responderPublicValue, out sharedSecret, out error);
        }

        using ECDiffieHellman? peer = TryImportPeer(initiatorPublicValue, out error);
        if (peer is null)
        {
            sharedSecret = null;
            return false;
        }

        using var exchange = (EcpKeyExchange)CreateInitiator(useLibCrypto: false);
        if (!exchange.TryAgree(peer, out sharedSecret, out error))
        {
            return false;
        }

        responderPublicValue = exchange.PublicValue.ToArray();
        return true;
    }

    /// <summary>
    /// Decodes and validates the peer's x ‖ y on the libcrypto path: coordinates below p, on the curve, not infinity
    /// (RFC 6989 §2.3). Returns an EC_POINT the caller frees with <see cref="LibCryptoEvpKeyExchange.FreePoint"/>, or 0.
    /// </summary>
    internal nint TryDecodePeerPoint(ReadOnlySpan<byte> value, out CryptoError error)
    {
        if (!TryCheckLength(value, out error))
        {
            return 0;
        }

        nint point = LibCryptoEvpKeyExchange.TryDecodePoint(RequireGroup(), FieldSize, value);
        if (point == 0)
        {
            error = NotOnCurveError();
        }

        return point;
    }

    /// <summary>
    /// Imports the peer's x ‖ y on the BCL path; the import checks the point is on the curve (RFC 6989 §2.3), and any BCL
    /// exception becomes <see cref="CryptoErrorKind.InvalidPublicValue"/>.
    /// </summary>
    internal ECDiffieHellman? TryImportPeer(ReadOnlySpan<byte> value, out CryptoError error)
    {
        if (!TryCheckLength(value, out error))
        {
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
            error = NotOnCurveError();
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

    private bool TryRespondLibCrypto(ReadOnlySpan<byte> initiatorPublicValue, ref byte[]? responderPublicValue, out SecretBytes? sharedSecret, out CryptoError error)
    {
        // Validate the peer's point before spending a key generation on it.
        nint point = TryDecodePeerPoint(initiatorPublicValue, out error);
        if (point == 0)
        {
            sharedSecret = null;
            return false;
        }

        try
        {
            using var exchange = (LibCryptoEcpKeyExchange)CreateInitiator(useLibCrypto: true);
            if (!exchange.TryAgree(point, out sharedSecret, out error))
            {
                return false;
            }

            responderPublicValue = exchange.PublicValue.ToArray();
            return true;
        }
        finally
        {
            LibCryptoEvpKeyExchange.FreePoint(point);
        }
    }

    private bool TryCheckLength(ReadOnlySpan<byte> value, out CryptoError error)
    {
        if (value.Length != 2 * FieldSize)
        {
            error = new CryptoError(CryptoErrorKind.InvalidPublicValue, $"{Method} public value has {value.Length} bytes, expected {2 * FieldSize}");
            return false;
        }

        error = default;
        return true;
    }

    private CryptoError NotOnCurveError() => new(CryptoErrorKind.InvalidPublicValue, $"{Method} public value is not a point on the curve");

    private nint RequireGroup()
    {
        nint group = Group;
        return group != 0 ? group : throw new InvalidOperationException($"libcrypto has no {Method} curve.");
    }
}
