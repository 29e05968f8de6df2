using System.Security.Cryptography;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// What every AEAD here shares (RFC 4106, 4309, 5282, 7634): the length checks that turn bad input into a typed error
/// before any data is touched, nonce = salt ‖ 8-byte IV (built on the stack, so nothing is allocated per packet), and a tag
/// that does not verify becoming <see cref="CryptoErrorKind.AuthenticationFailed"/> with the plaintext buffer cleared.
/// The derived types supply only the cipher calls. Public because its sealed subclasses are; only this assembly can derive from it.
/// </summary>
public abstract class SaltedAead : IAead
{
    private const int ExplicitIvLength = 8;
    private const int MaxNonceLength = 12;

    private readonly byte[] _salt;

    private protected SaltedAead(EncryptionAlgorithm algorithm, int keyLength, int icvLength, ReadOnlySpan<byte> salt)
    {
        Algorithm = algorithm;
        KeyLength = keyLength;
        IcvLength = icvLength;
        _salt = GC.AllocateArray<byte>(salt.Length, pinned: true);
        salt.CopyTo(_salt);
    }

    /// <inheritdoc />
    public EncryptionAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int KeyLength { get; }

    /// <inheritdoc />
    public int IvLength => ExplicitIvLength;

    /// <inheritdoc />
    public int IcvLength { get; }

    /// <inheritdoc />
    public bool TrySeal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error)
    {
        if (!TryCheck(iv, plaintext.Length, ciphertext.Length, icv.Length, out error))
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[MaxNonceLength];
        return TrySealCore(Nonce(iv, nonce), plaintext, associatedData, ciphertext, icv, out error);
    }

    /// <inheritdoc />
    public bool TryOpen(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv, ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext, out CryptoError error)
    {
        if (!TryCheck(iv, ciphertext.Length, plaintext.Length, icv.Length, out error))
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[MaxNonceLength];
        bool verified;
        try
        {
            verified = OpenCore(Nonce(iv, nonce), ciphertext, icv, associatedData, plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            // How the BCL's AesGcm, AesCcm and ChaCha20Poly1305 report a bad tag.
            verified = false;
        }

        if (verified)
        {
            return true;
        }

        // Some engines decrypt before they verify: never leave unauthenticated plaintext behind.
        CryptographicOperations.ZeroMemory(plaintext);
        error = new CryptoError(CryptoErrorKind.AuthenticationFailed, $"{Algorithm} ICV did not verify");
        return false;
    }

    /// <summary>Releases the engine's key state, then zeroes the salt.</summary>
    public void Dispose()
    {
        DisposeCore();
        CryptographicOperations.ZeroMemory(_salt);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Checks that AES key material is a 16-, 24- or 32-byte key followed by a <paramref name="saltLength"/>-byte salt;
    /// <paramref name="name"/> names the mode in the error.
    /// </summary>
    private protected static bool TryCheckAesKeyMaterial(string name, ReadOnlySpan<byte> keyMaterial, int saltLength, out CryptoError error)
    {
        if (keyMaterial.Length - saltLength is 16 or 24 or 32)
        {
            error = default;
            return true;
        }

        error = new CryptoError(CryptoErrorKind.InvalidKeyLength,
            $"{name} key material is {16 + saltLength}, {24 + saltLength} or {32 + saltLength} bytes, got {keyMaterial.Length}");
        return false;
    }

    /// <summary>Encrypts under <paramref name="nonce"/> (salt ‖ IV); lengths are already checked.</summary>
    private protected abstract bool TrySealCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext, Span<byte> icv, out CryptoError error);

    /// <summary>
    /// Decrypts under <paramref name="nonce"/> (salt ‖ IV); lengths are already checked. Returns false, or throws
    /// <see cref="AuthenticationTagMismatchException"/>, when the tag does not verify.
    /// </summary>
    private protected abstract bool OpenCore(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> icv,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext);

    /// <summary>Releases the engine's key state.</summary>
    private protected abstract void DisposeCore();

    private ReadOnlySpan<byte> Nonce(ReadOnlySpan<byte> iv, Span<byte> buffer)
    {
        _salt.CopyTo(buffer);
        iv.CopyTo(buffer[_salt.Length..]);
        return buffer[..(_salt.Length + ExplicitIvLength)];
    }

    private bool TryCheck(ReadOnlySpan<byte> iv, int inputLength, int outputLength, int icvLength, out CryptoError error)
    {
        if (iv.Length != IvLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"{Algorithm} needs an {IvLength}-byte IV, got {iv.Length}");
            return false;
        }

        if (icvLength != IcvLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"{Algorithm} needs a {IcvLength}-byte ICV, got {icvLength}");
            return false;
        }

        if (outputLength != inputLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"output is {outputLength} bytes, input {inputLength}");
            return false;
        }

        error = default;
        return true;
    }
}
