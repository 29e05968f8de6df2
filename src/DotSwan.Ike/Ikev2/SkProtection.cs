using System.Security.Cryptography;
using DotSwan.Crypto;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Protection of IKEv2 Encrypted (SK, RFC 7296 §3.14) and Encrypted Fragment (SKF, RFC 7383) payloads for one
/// direction of an IKE SA: with an AEAD (RFC 5282: the IKE header and the SK/SKF payload header are the
/// associated data), or with a cipher and an integrity transform (the ICV covers the whole message up to it).
/// The body is IV ‖ ciphertext ‖ ICV; the plaintext is the inner payload chain ‖ padding ‖ pad length.
/// Owns the transforms it is given. Not thread-safe: one instance per SA, direction and worker.
/// </summary>
public sealed class SkProtection : IDisposable
{
    private readonly IAead? _aead;
    private readonly ICipher? _cipher;
    private readonly IIntegrity? _integrity;

    /// <summary>Protection with an AEAD transform (AES-GCM, AES-CCM, ChaCha20-Poly1305).</summary>
    public SkProtection(IAead aead)
    {
        _aead = aead ?? throw new ArgumentNullException(nameof(aead));
    }

    /// <summary>Protection with a cipher and an integrity transform (e.g. AES-CBC with HMAC-SHA2-256-128).</summary>
    public SkProtection(ICipher cipher, IIntegrity integrity)
    {
        _cipher = cipher ?? throw new ArgumentNullException(nameof(cipher));
        _integrity = integrity ?? throw new ArgumentNullException(nameof(integrity));
    }

    /// <summary>Length of the IV at the start of the body.</summary>
    public int IvLength => _aead?.IvLength ?? _cipher!.IvLength;

    /// <summary>Length of the ICV at the end of the body.</summary>
    public int IcvLength => _aead?.IcvLength ?? _integrity!.IcvLength;

    /// <summary>The block size the plaintext is padded to (1 for AEADs and stream modes).</summary>
    public int BlockSize => _aead is null ? _cipher!.BlockSize : 1;

    /// <summary>The smallest body this protection can have (IV, pad length byte, ICV).</summary>
    public int MinimumBodyLength => IvLength + Math.Max(1, BlockSize) + IcvLength;

    /// <summary>The body length for an inner chain of <paramref name="plaintextLength"/> bytes with the least padding.</summary>
    public int GetBodyLength(int plaintextLength) => IvLength + PaddedLength(plaintextLength) + IcvLength;

    private int PaddedLength(int plaintextLength)
    {
        int block = Math.Max(1, BlockSize);
        int withPadLength = plaintextLength + 1;
        return (withPadLength + block - 1) / block * block;
    }

    /// <summary>
    /// Verifies and decrypts the SK or SKF body at the end of <paramref name="message"/>. <paramref name="bodyOffset"/>
    /// is where the body (the IV) starts: everything before it — the IKE header and the SK/SKF payload header, with
    /// their final lengths — is authenticated. Writes the inner payload chain (padding removed) into
    /// <paramref name="plaintext"/>, which must hold the body length, and returns its length. Never throws on peer input.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> message, int bodyOffset, Span<byte> plaintext, out int chainLength, out CryptoError error)
    {
        chainLength = 0;
        if (bodyOffset < 0 || bodyOffset > message.Length)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, "SK body offset outside the message");
            return false;
        }
        var body = message[bodyOffset..];
        int cipherLength = body.Length - IvLength - IcvLength;
        if (cipherLength < 1 || cipherLength % Math.Max(1, BlockSize) != 0)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"SK body of {body.Length} bytes cannot hold IV ({IvLength}), padded data and ICV ({IcvLength})");
            return false;
        }
        if (plaintext.Length < cipherLength)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, "plaintext buffer too small");
            return false;
        }
        var iv = body[..IvLength];
        var ciphertext = body.Slice(IvLength, cipherLength);
        var icv = body[(IvLength + cipherLength)..];
        var output = plaintext[..cipherLength];
        if (_aead is not null)
        {
            if (!_aead.TryOpen(iv, ciphertext, icv, message[..bodyOffset], output, out error)) { return false; }
        }
        else
        {
            // Integrity first: nothing from an unauthenticated message is decrypted.
            if (!_integrity!.Verify(message[..^IcvLength], icv))
            {
                error = new CryptoError(CryptoErrorKind.AuthenticationFailed, "SK integrity checksum does not verify");
                return false;
            }
            if (!_cipher!.TryDecrypt(iv, ciphertext, output, out error)) { return false; }
        }
        int padLength = output[^1];
        if (padLength + 1 > cipherLength)
        {
            CryptographicOperations.ZeroMemory(output);
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"pad length {padLength} exceeds the decrypted {cipherLength} bytes");
            return false;
        }
        chainLength = cipherLength - padLength - 1;
        error = default;
        return true;
    }

    /// <summary>
    /// Writes the body of an SK or SKF payload: <paramref name="iv"/> (fresh and unpredictable for CBC, unique per key
    /// for AEADs — the caller supplies it so that the engine owns IV generation and tests are deterministic), the
    /// encrypted <paramref name="chain"/> with minimal padding, and the ICV. <paramref name="message"/> holds the whole
    /// message, already filled up to <paramref name="bodyOffset"/> with the IKE header and SK/SKF payload header (with
    /// final lengths: use <see cref="GetBodyLength"/>); its length must be bodyOffset + GetBodyLength(chain.Length).
    /// </summary>
    public bool TrySeal(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> chain, out CryptoError error)
    {
        int padded = PaddedLength(chain.Length);
        if (iv.Length != IvLength || message.Length != bodyOffset + IvLength + padded + IcvLength || bodyOffset < 0)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, "message, IV or body length does not match this protection");
            return false;
        }
        var body = message[bodyOffset..];
        iv.CopyTo(body);
        var data = body.Slice(IvLength, padded);
        chain.CopyTo(data);
        // Padding bytes may hold any value (RFC 7296 §3.14); zeros, with the pad length in the last byte.
        data[chain.Length..].Clear();
        data[^1] = (byte)(padded - chain.Length - 1);
        var icv = body.Slice(IvLength + padded, IcvLength);
        if (_aead is not null)
        {
            return _aead.TrySeal(iv, data, message[..bodyOffset], data, icv, out error);
        }
        if (!_cipher!.TryEncrypt(iv, data, data, out error)) { return false; }
        _integrity!.Compute(message[..^IcvLength], icv);
        return true;
    }

    /// <summary>Disposes the transforms (their keys are cleared).</summary>
    public void Dispose()
    {
        _aead?.Dispose();
        _cipher?.Dispose();
        _integrity?.Dispose();
    }
}
