using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Crypto.Kdf;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// The negotiated cryptography of one IKE SA: PRF, SK_d/SK_p keys and the SK protection of both directions. Builds
/// and opens protected messages. Never throws on peer input. The SK transforms (libcrypto contexts, about a kilobyte
/// each) are made from the keys when a message needs them and can be released between exchanges
/// (<see cref="ReleaseTransforms"/>): an established IKE SA is idle nearly all the time.
/// </summary>
internal sealed class IkeSaProtection : IDisposable
{
    private readonly SkTransformFactory _factory;
    private SkProtection? _outbound;
    private SkProtection? _inbound;
    private readonly bool _aead;
    private readonly IRandomSource _random;
    private ulong _ivCounter;

    private IkeSaProtection(IPrf prf, IkeSaKeys keys, SkTransformFactory factory, SkProtection outbound, SkProtection inbound, bool aead,
        IRandomSource random)
    {
        Prf = prf;
        Keys = keys;
        _factory = factory;
        _outbound = outbound;
        _inbound = inbound;
        _aead = aead;
        _random = random;
    }

    private (SecretBytes Encryption, SecretBytes Integrity) OutboundKeys => _factory.IsInitiator ? (Keys.SkEi, Keys.SkAi) : (Keys.SkEr, Keys.SkAr);

    private (SecretBytes Encryption, SecretBytes Integrity) InboundKeys => _factory.IsInitiator ? (Keys.SkEr, Keys.SkAr) : (Keys.SkEi, Keys.SkAi);

    // The keys were checked when the SA was made: making the same transform again cannot fail short of running out of memory.
    private SkProtection Outbound => _outbound ??= _factory.Create(OutboundKeys);

    private SkProtection Inbound => _inbound ??= _factory.Create(InboundKeys);

    /// <summary>Disposes the SK transforms until the next message needs them (their keys stay in <see cref="Keys"/>).</summary>
    public void ReleaseTransforms()
    {
        _outbound?.Dispose();
        _outbound = null;
        _inbound?.Dispose();
        _inbound = null;
    }

    public IPrf Prf { get; }

    public IkeSaKeys Keys { get; }

    /// <summary>Derives SKEYSEED and SK_* (RFC 7296 §2.14) for <paramref name="suite"/> and sets up SK protection for our role.</summary>
    public static bool TryCreate(TransformRegistry registry, CryptoSuite suite, bool isInitiator, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ulong spiI, ulong spiR, IRandomSource random, out IkeSaProtection? protection, out string reason) =>
        TryCreate(registry, suite, isInitiator, null, sharedSecret, ni, nr, spiI, spiR, random, out protection, out reason);

    /// <summary>
    /// The protection of an IKE SA that rekeys <paramref name="old"/> (RFC 7296 §2.18): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
    /// with the old SA's PRF, then SK_* with the new suite's PRF, the CREATE_CHILD_SA nonces and the new SPIs.
    /// </summary>
    public static bool TryCreateRekeyed(TransformRegistry registry, CryptoSuite suite, bool isInitiator, IkeSaProtection old, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ulong spiI, ulong spiR, IRandomSource random, out IkeSaProtection? protection, out string reason) =>
        TryCreate(registry, suite, isInitiator, old, sharedSecret, ni, nr, spiI, spiR, random, out protection, out reason);

    private static bool TryCreate(TransformRegistry registry, CryptoSuite suite, bool isInitiator, IkeSaProtection? old, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ulong spiI, ulong spiR, IRandomSource random, out IkeSaProtection? protection, out string reason)
    {
        protection = null;
        if (suite.Encryption is not [var encryption, ..] || suite.Prf is not [var prfAlgorithm, ..])
        {
            reason = $"suite {suite} lacks an encryption algorithm or a PRF";
            return false;
        }
        if (!registry.TryDescribeEncryption(encryption.Algorithm, encryption.KeyLength, out var info, out var error)
            || !registry.TryCreatePrf(prfAlgorithm, out var prf, out error))
        {
            reason = error.ToString();
            return false;
        }
        IntegrityAlgorithm? integrity = info.IsAead ? null : suite.Integrity is [var i, ..] ? i : null;
        if (!info.IsAead && integrity is null)
        {
            prf!.Dispose();
            reason = $"suite {suite} needs an integrity algorithm";
            return false;
        }
        int integrityKeyLength = integrity is { } ia ? registry.IntegrityKeyLength(ia) : 0;
        var lengths = new IkeSaKeyLengths(registry.PrfKeyLength(prfAlgorithm), integrityKeyLength, info.KeyMaterialLength);
        SecretBytes? skeyseed = null;
        IkeSaKeys? keys = null;
        try
        {
            bool seeded = old is null
                ? Ikev2KeyDerivation.TryComputeSkeyseed(prf!, ni, nr, sharedSecret, out skeyseed, out error)
                : Ikev2KeyDerivation.TryComputeRekeySkeyseed(old.Prf, old.Keys.SkD.ReadOnlySpan, sharedSecret, ni, nr, out skeyseed, out error);
            if (!seeded
                || !Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf!, skeyseed!.Span, ni, nr, spiI, spiR, lengths, out keys, out error))
            {
                prf!.Dispose();
                reason = error.ToString();
                return false;
            }
        }
        finally
        {
            skeyseed?.Dispose();
        }
        var (outE, outA) = isInitiator ? (keys!.SkEi, keys.SkAi) : (keys!.SkEr, keys.SkAr);
        var (inE, inA) = isInitiator ? (keys.SkEr, keys.SkAr) : (keys.SkEi, keys.SkAi);
        if (!TryCreateSk(registry, encryption, info.IsAead, integrity, outE, outA, out var outbound, out reason)
            || !TryCreateSk(registry, encryption, info.IsAead, integrity, inE, inA, out var inbound, out reason))
        {
            outbound?.Dispose();
            keys.Dispose();
            prf!.Dispose();
            return false;
        }
        protection = new IkeSaProtection(prf!, keys, new SkTransformFactory(registry, encryption, info.IsAead, integrity, isInitiator), outbound!,
            inbound!, info.IsAead, random);
        return true;
    }

    internal static bool TryCreateSk(TransformRegistry registry, EncryptionTransform encryption, bool aead, IntegrityAlgorithm? integrity,
        SecretBytes encryptionKey, SecretBytes integrityKey, out SkProtection? sk, out string reason)
    {
        sk = null;
        reason = "";
        CryptoError error;
        if (aead)
        {
            if (!registry.TryCreateAead(encryption.Algorithm, encryption.KeyLength, encryptionKey.ReadOnlySpan, out var a, out error))
            {
                reason = error.ToString();
                return false;
            }
            sk = new SkProtection(a!);
            return true;
        }
        if (!registry.TryCreateCipher(encryption.Algorithm, encryption.KeyLength, encryptionKey.ReadOnlySpan, out var cipher, out error))
        {
            reason = error.ToString();
            return false;
        }
        if (!registry.TryCreateIntegrity(integrity!.Value, integrityKey.ReadOnlySpan, out var mac, out error))
        {
            cipher!.Dispose();
            reason = error.ToString();
            return false;
        }
        sk = new SkProtection(cipher!, mac!);
        return true;
    }

    /// <summary>Encodes <paramref name="header"/> with an SK payload holding <paramref name="inner"/>, encrypted and integrity-protected.</summary>
    public bool TrySeal(Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, out byte[] datagram, out string reason)
    {
        var chain = new byte[Ikev2PayloadChain.GetEncodedLength(inner)];
        Ikev2PayloadChain.Encode(inner, chain);
        int bodyLength = Outbound.GetBodyLength(chain.Length);
        var sk = new EncryptedPayload(Ikev2PayloadChain.FirstPayloadType(inner), new byte[bodyLength]);
        datagram = Ikev2MessageCodec.Encode(new Ikev2Message(header, [sk]));
        Span<byte> iv = stackalloc byte[Outbound.IvLength];
        NextIv(iv);
        bool ok = Outbound.TrySeal(datagram, datagram.Length - bodyLength, iv, chain, out var error);
        reason = ok ? "" : error.ToString();
        return ok;
    }

    private void NextIv(Span<byte> iv)
    {
        if (_aead && iv.Length >= sizeof(ulong))
        {
            // A counter is unique per key, which is all GCM/CCM/ChaCha20-Poly1305 need.
            iv.Clear();
            BinaryPrimitives.WriteUInt64BigEndian(iv[^sizeof(ulong)..], ++_ivCounter);
        }
        else
        {
            _random.Fill(iv);
        }
    }

    /// <summary>
    /// The most plaintext bytes one SKF fragment can carry when the whole IKE message (header, SKF payload) may be at
    /// most <paramref name="maxMessageLength"/> bytes; zero or less when not even one byte fits.
    /// </summary>
    public int MaxFragmentChunk(int maxMessageLength)
    {
        int available = maxMessageLength - Ikev2Header.Size - 8 - Outbound.IvLength - Outbound.IcvLength;
        int block = Math.Max(1, Outbound.BlockSize);
        return available / block * block - 1; // room for the pad length byte
    }

    /// <summary>Encodes one SKF fragment (RFC 7383 §2.5) carrying <paramref name="chunk"/> of the inner payload chain.</summary>
    public bool TrySealFragment(Ikev2Header header, Ikev2PayloadType firstInner, ushort number, ushort total, ReadOnlySpan<byte> chunk,
        out byte[] datagram, out string reason)
    {
        int bodyLength = Outbound.GetBodyLength(chunk.Length);
        var skf = new EncryptedFragmentPayload(number == 1 ? firstInner : Ikev2PayloadType.None, number, total, new byte[bodyLength]);
        datagram = Ikev2MessageCodec.Encode(new Ikev2Message(header, [skf]));
        Span<byte> iv = stackalloc byte[Outbound.IvLength];
        NextIv(iv);
        bool ok = Outbound.TrySeal(datagram, datagram.Length - bodyLength, iv, chunk, out var error);
        reason = ok ? "" : error.ToString();
        return ok;
    }

    /// <summary>Verifies and decrypts one SKF fragment (each is authenticated on its own, RFC 7383 §2.6); returns its plaintext chunk.</summary>
    public bool TryOpenFragment(ReadOnlySpan<byte> datagram, Ikev2Message message, out byte[] chunk, out string reason)
    {
        chunk = [];
        if (message.Payloads is not [.., EncryptedFragmentPayload skf])
        {
            reason = "no SKF payload";
            return false;
        }
        int length = (int)Math.Min(message.Header.Length, (uint)datagram.Length);
        int bodyOffset = length - skf.Body.Length;
        if (bodyOffset < Ikev2Header.Size + 8)
        {
            reason = "SKF payload outside the message";
            return false;
        }
        var plaintext = new byte[skf.Body.Length];
        if (!Inbound.TryOpen(datagram[..length], bodyOffset, plaintext, out int chunkLength, out var error))
        {
            reason = error.ToString();
            return false;
        }
        chunk = plaintext.AsSpan(0, chunkLength).ToArray();
        reason = "";
        return true;
    }

    /// <summary>Verifies and decrypts the SK payload of <paramref name="message"/> (decoded from <paramref name="datagram"/>) and decodes the inner chain.</summary>
    public bool TryOpen(ReadOnlySpan<byte> datagram, Ikev2Message message, out IReadOnlyList<Ikev2Payload> inner, out string reason)
    {
        inner = [];
        if (message.Payloads is not [.., EncryptedPayload sk])
        {
            reason = "no SK payload";
            return false;
        }
        int length = (int)Math.Min(message.Header.Length, (uint)datagram.Length);
        int bodyOffset = length - sk.Body.Length;
        if (bodyOffset < Ikev2Header.Size + 4)
        {
            reason = "SK payload outside the message";
            return false;
        }
        var plaintext = new byte[sk.Body.Length];
        if (!Inbound.TryOpen(datagram[..length], bodyOffset, plaintext, out int chainLength, out var error))
        {
            reason = error.ToString();
            return false;
        }
        if (!Ikev2PayloadChain.TryDecode(sk.FirstInnerPayload, plaintext.AsSpan(0, chainLength), bodyOffset, out inner, out var decodeError))
        {
            reason = decodeError.ToString();
            return false;
        }
        reason = "";
        return true;
    }

    public void Dispose()
    {
        ReleaseTransforms();
        Keys.Dispose();
        Prf.Dispose();
    }
}
