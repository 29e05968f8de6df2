namespace DotSwan.Crypto;

/// <summary>
/// A keyed AEAD transform as IKE (RFC 5282) and ESP (RFC 4106, 4309, 7634) use it: the negotiated key material
/// ends with a salt, the packet carries an 8-byte explicit IV, and nonce = salt ‖ IV.
/// One instance per key, direction and thread.
/// </summary>
public interface IAead : IDisposable
{
    /// <summary>The IANA encryption id.</summary>
    EncryptionAlgorithm Algorithm { get; }

    /// <summary>Key material length in bytes, including the salt (e.g. 16 + 4 for AES-128-GCM).</summary>
    int KeyLength { get; }

    /// <summary>Length of the explicit IV carried in each packet (8).</summary>
    int IvLength { get; }

    /// <summary>Length of the ICV (authentication tag) in bytes.</summary>
    int IcvLength { get; }

    /// <summary>Encrypts and authenticates; writes ciphertext (same length as plaintext) and the ICV.</summary>
    bool TrySeal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error);

    /// <summary>Verifies and decrypts; fails with <see cref="CryptoErrorKind.AuthenticationFailed"/> on any tampering.</summary>
    bool TryOpen(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv, ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext, out CryptoError error);
}
