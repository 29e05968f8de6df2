namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// X25519/X448 through BouncyCastle (the fallback when libcrypto is unavailable); the private key lives in a
/// <see cref="SecretBytes"/> cleared on dispose.
/// </summary>
internal sealed class BouncyCastleXdhKeyExchange : XdhKeyExchange
{
    private readonly SecretBytes _privateKey;

    /// <summary>Takes ownership of <paramref name="privateKey"/>.</summary>
    internal BouncyCastleXdhKeyExchange(XdhKeyExchangeFactory factory, SecretBytes privateKey, byte[] publicValue)
        : base(factory, publicValue) => _privateKey = privateKey;

    /// <inheritdoc />
    public override void Dispose() => _privateKey.Dispose();

    /// <inheritdoc />
    private protected override bool TryAgree(ReadOnlySpan<byte> peerPublicValue, Span<byte> secret) =>
        Factory.CalculateAgreement(_privateKey.ReadOnlySpan, peerPublicValue, secret);
}
