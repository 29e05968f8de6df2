namespace DotSwan.Crypto;

/// <summary>A typed cryptographic failure; operations on untrusted input return one instead of throwing.</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="Detail">A short explanation a person can act on (never key material).</param>
public readonly record struct CryptoError(CryptoErrorKind Kind, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Detail}";
}
