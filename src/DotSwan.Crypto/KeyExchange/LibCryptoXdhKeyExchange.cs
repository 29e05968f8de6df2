using System.Security.Cryptography;
using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// X25519/X448 through libcrypto; the private key lives only inside OpenSSL's EVP_PKEY, which clears it when the
/// handle is disposed.
/// </summary>
internal sealed class LibCryptoXdhKeyExchange : XdhKeyExchange
{
    private readonly SafeEvpPKeyHandle _key;

    /// <summary>Takes ownership of <paramref name="key"/>.</summary>
    internal LibCryptoXdhKeyExchange(XdhKeyExchangeFactory factory, SafeEvpPKeyHandle key, byte[] publicValue)
        : base(factory, publicValue) => _key = key;

    /// <inheritdoc />
    public override void Dispose() => _key.Dispose();

    /// <inheritdoc />
    private protected override bool TryAgree(ReadOnlySpan<byte> peerPublicValue, Span<byte> secret) =>
        LibCryptoEvpKeyExchange.TryDeriveXdh(_key, Factory.EvpPKeyType, peerPublicValue, secret);
}
