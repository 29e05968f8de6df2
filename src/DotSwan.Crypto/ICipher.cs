namespace DotSwan.Crypto;

/// <summary>
/// A keyed non-AEAD cipher (CBC or CTR mode, or NULL) with the IV carried explicitly, as IKE and ESP do.
/// Padding is the protocol's business: inputs must already be block multiples for CBC.
/// </summary>
public interface ICipher : IDisposable
{
    /// <summary>The IANA encryption id.</summary>
    EncryptionAlgorithm Algorithm { get; }

    /// <summary>Key length in bytes as negotiated (for AES-CTR this includes the 4-byte nonce salt of RFC 3686).</summary>
    int KeyLength { get; }

    /// <summary>Block size in bytes (1 for stream modes): plaintext is padded to this.</summary>
    int BlockSize { get; }

    /// <summary>Length of the explicit IV in bytes.</summary>
    int IvLength { get; }

    /// <summary>Encrypts; <paramref name="ciphertext"/> has the length of <paramref name="plaintext"/>.</summary>
    bool TryEncrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, out CryptoError error);

    /// <summary>Decrypts; <paramref name="plaintext"/> has the length of <paramref name="ciphertext"/>.</summary>
    bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out CryptoError error);
}
