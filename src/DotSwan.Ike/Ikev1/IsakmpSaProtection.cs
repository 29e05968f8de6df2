using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Crypto.Kdf;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// The keyed phase 1 algorithms of an ISAKMP SA: the PRF (HMAC of the negotiated hash), the bare hash, the CBC cipher
/// under the Appendix B key, SKEYID and its family, and the phase 1 IV chain (RFC 2409 Appendix B).
/// </summary>
internal sealed class IsakmpSaProtection : IDisposable
{
    public IsakmpSaProtection(IPrf prf, Ikev1HashFunction hash, ICipher cipher, Ikev1Keys keys, Ikev1IvState phase1Iv)
    {
        Prf = prf;
        Hash = hash;
        Cipher = cipher;
        Keys = keys;
        Phase1Iv = phase1Iv;
    }

    public IPrf Prf { get; }

    /// <summary>The PRF of HASH_I/HASH_R when it is not <see cref="Prf"/> (ECDSA methods, RFC 4754); owned.</summary>
    public IPrf? HashPrf { get; init; }

    public Ikev1HashFunction Hash { get; }

    public ICipher Cipher { get; }

    public Ikev1Keys Keys { get; }

    /// <summary>Bytes encrypted and decrypted under these keys (for the phase 1 kilobyte lifetime, <see cref="Phase1Volume"/>).</summary>
    public ulong ProtectedBytes { get; private set; }

    /// <summary>The phase 1 chain: advanced by the encrypted phase 1 messages, then the base of every later exchange's IV.</summary>
    public Ikev1IvState Phase1Iv { get; }

    /// <summary>The IV state of a Quick Mode or informational exchange (hash of the last phase 1 block and the M-ID).</summary>
    public Ikev1IvState ExchangeIv(uint messageId) =>
        Phase1Iv.TryCreateExchange(Hash, messageId, out var state, out var error) ? state! : throw new InvalidOperationException(error.Detail);

    /// <summary>Encrypts the payload chain under <paramref name="iv"/> (zero padding to the block size) and advances the chain.</summary>
    public byte[] Encrypt(IsakmpHeader header, IReadOnlyList<IsakmpPayload> payloads, Ikev1IvState iv)
    {
        int plainLength = IsakmpPayloadChain.GetEncodedLength(payloads);
        int block = Cipher.BlockSize;
        int padded = Math.Max(block, (plainLength + block - 1) / block * block);
        var plain = new byte[padded];
        IsakmpPayloadChain.Encode(payloads, plain);
        var ciphertext = new byte[padded];
        if (!Cipher.TryEncrypt(iv.Current, plain, ciphertext, out var error))
        {
            throw new InvalidOperationException($"encrypting our own message failed: {error.Detail}");
        }
        CryptographicOperations.ZeroMemory(plain);
        iv.TryAdvance(ciphertext, out _);
        ProtectedBytes += (ulong)padded;
        var encrypted = header with { Flags = header.Flags | IsakmpHeaderFlags.Encryption, NextPayload = IsakmpPayloadChain.FirstType(payloads) };
        var message = IsakmpMessage.Encrypted(encrypted, ciphertext);
        var bytes = new byte[IsakmpMessageCodec.GetEncodedLength(message)];
        IsakmpMessageCodec.Encode(message, bytes);
        return bytes;
    }

    /// <summary>
    /// Decrypts an encrypted message under <paramref name="iv"/> without moving the chain (the caller advances it once
    /// the message verified). False when the body is not whole blocks or does not decode to a payload chain.
    /// </summary>
    public bool TryDecrypt(IsakmpMessage message, Ikev1IvState iv, out Ikev1Plaintext? plaintext, out string reason)
    {
        plaintext = null;
        var body = message.EncryptedBody.Span;
        if (body.IsEmpty || body.Length % Cipher.BlockSize != 0)
        {
            reason = $"encrypted body of {body.Length} bytes is not whole {Cipher.BlockSize}-byte blocks";
            return false;
        }
        var plain = new byte[body.Length];
        if (!Cipher.TryDecrypt(iv.Current, body, plain, out var error))
        {
            reason = error.Detail;
            return false;
        }
        if (!IsakmpPayloadChain.TryDecode(message.Header.NextPayload, plain, IsakmpHeader.Size, allowTrailingPadding: true,
            out var payloads, out int padding, out var decodeError))
        {
            reason = $"decrypted body does not decode ({decodeError}): wrong keys (pre-shared key mismatch?) or a corrupted message";
            return false;
        }
        // Padding up to one whole block is what senders produce (some add a full block when already aligned); more means
        // blocks were appended to the ciphertext, which would also poison the IV chain: refused.
        if (padding > Cipher.BlockSize)
        {
            reason = $"{padding} bytes after the last payload: more than one block of padding";
            return false;
        }
        plaintext = new Ikev1Plaintext(payloads, plain.AsMemory(0, plain.Length - padding));
        ProtectedBytes += (ulong)body.Length;
        reason = "";
        return true;
    }

    public void Dispose()
    {
        HashPrf?.Dispose();
        Prf.Dispose();
        Cipher.Dispose();
        Keys.Dispose();
    }
}
