namespace DotSwan.Crypto.Ciphers;

/// <summary>ENCR_NULL (RFC 2410): ESP without confidentiality; copies the data and takes no key or IV.</summary>
public sealed class NullCipher : ICipher
{
    /// <inheritdoc />
    public EncryptionAlgorithm Algorithm => EncryptionAlgorithm.Null;

    /// <inheritdoc />
    public int KeyLength => 0;

    /// <inheritdoc />
    public int BlockSize => 1;

    /// <inheritdoc />
    public int IvLength => 0;

    /// <inheritdoc />
    public bool TryEncrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, out CryptoError error)
        => TryCopy(iv, plaintext, ciphertext, out error);

    /// <inheritdoc />
    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out CryptoError error)
        => TryCopy(iv, ciphertext, plaintext, out error);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static bool TryCopy(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, out CryptoError error)
    {
        if (!iv.IsEmpty || output.Length != input.Length)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, "ENCR_NULL takes no IV and an output as long as its input");
            return false;
        }

        input.CopyTo(output);
        error = default;
        return true;
    }
}
