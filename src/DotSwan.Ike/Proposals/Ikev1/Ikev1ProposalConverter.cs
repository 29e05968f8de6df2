using DotSwan.Crypto;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Proposals.Ikev1;

/// <summary>
/// Converts proposals to and from IKEv1 SA payload transforms: Main Mode ISAKMP transforms (RFC 2409 Appendix A) and
/// Quick Mode ESP transforms (RFC 2407 §4.5). IKEv1 has one algorithm of each kind per transform, so a proposal with
/// several algorithms per type becomes several transforms. Decoding never throws: it returns a reason.
/// </summary>
public static class Ikev1ProposalConverter
{
    /// <summary>Lifetime assumed when a transform carries none (RFC 2407 §4.5: 28800 seconds).</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(28800);

    /// <summary>Upper bound on transforms generated from one configuration (IKEv1 numbers transforms in one byte).</summary>
    public const int MaxTransforms = 255;

    /// <summary>
    /// The Main Mode transforms for our proposals. With <paramref name="allCombinations"/> false, each proposal yields one
    /// transform from its first algorithm of each kind (strongSwan: "additional algorithms are implicitly stripped");
    /// with true, every encryption × hash × group combination in order. AEAD, AES-CMAC/XCBC integrity and ML-KEM have no
    /// IKEv1 phase 1 encoding and are skipped.
    /// </summary>
    public static IReadOnlyList<Ikev1Phase1Transform> ToPhase1Transforms(
        IEnumerable<CryptoSuite> suites, Ikev1AuthMethod authMethod, TimeSpan lifetime, bool allCombinations = false)
    {
        ArgumentNullException.ThrowIfNull(suites);
        var result = new List<Ikev1Phase1Transform>();
        foreach (var suite in suites.Where(s => s.Protocol == ProposalProtocol.Ike && !s.IsAead))
        {
            var encryptions = suite.Encryption.Where(e => Phase1Encryption(e.Algorithm) is not null).ToList();
            var hashes = suite.Integrity.Where(i => Phase1Hash(i) is not null).ToList();
            var groups = suite.KeyExchange.Where(IsIkev1Group).ToList();
            if (!allCombinations)
            {
                encryptions = [.. encryptions.Take(1)];
                hashes = [.. hashes.Take(1)];
                groups = [.. groups.Take(1)];
            }
            foreach (var encryption in encryptions)
            {
                foreach (var hash in hashes)
                {
                    foreach (var group in groups)
                    {
                        var transform = new Ikev1Phase1Transform(encryption, hash, authMethod, group, lifetime);
                        if (result.Count < MaxTransforms && !result.Contains(transform)) { result.Add(transform); }
                    }
                }
            }
        }
        return result;
    }

    /// <summary>The ISAKMP proposal (protocol ISAKMP, no SPI, KEY_IKE transforms numbered from 1) for an SA payload.</summary>
    public static Proposal ToPhase1Proposal(IReadOnlyList<Ikev1Phase1Transform> transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        var wire = new List<Transform>(transforms.Count);
        for (int i = 0; i < transforms.Count; i++) { wire.Add(ToPhase1Transform(transforms[i], checked((byte)(i + 1)))); }
        return new Proposal(1, IpsecProtocolId.Isakmp, ReadOnlyMemory<byte>.Empty, wire);
    }

    /// <summary>One Main Mode transform with the attributes in the order strongSwan sends them.</summary>
    public static Transform ToPhase1Transform(Ikev1Phase1Transform transform, byte number)
    {
        ArgumentNullException.ThrowIfNull(transform);
        var encryption = Phase1Encryption(transform.Encryption.Algorithm)
            ?? throw new ArgumentException($"{transform.Encryption.Algorithm} has no IKEv1 phase 1 encoding", nameof(transform));
        var hash = Phase1Hash(transform.Hash) ?? throw new ArgumentException($"{transform.Hash} has no IKEv1 hash", nameof(transform));
        var attributes = new List<IsakmpAttribute> { IsakmpAttribute.Tv((ushort)Phase1AttributeType.EncryptionAlgorithm, (ushort)encryption) };
        if (transform.Encryption.KeyLength != 0)
        {
            attributes.Add(IsakmpAttribute.Tv((ushort)Phase1AttributeType.KeyLength, checked((ushort)transform.Encryption.KeyLength)));
        }
        attributes.Add(IsakmpAttribute.Tv((ushort)Phase1AttributeType.HashAlgorithm, (ushort)hash));
        attributes.Add(IsakmpAttribute.Tv((ushort)Phase1AttributeType.GroupDescription, (ushort)transform.Group));
        attributes.Add(IsakmpAttribute.Tv((ushort)Phase1AttributeType.AuthenticationMethod, (ushort)transform.AuthMethod));
        attributes.Add(IsakmpAttribute.Tv((ushort)Phase1AttributeType.LifeType, (ushort)LifeType.Seconds));
        attributes.Add(IsakmpAttribute.FromInteger((ushort)Phase1AttributeType.LifeDuration, (ulong)transform.Lifetime.TotalSeconds));
        if (transform.LifeKilobytes > 0)
        {
            attributes.Add(IsakmpAttribute.Tv((ushort)Phase1AttributeType.LifeType, (ushort)LifeType.Kilobytes));
            attributes.Add(IsakmpAttribute.FromInteger((ushort)Phase1AttributeType.LifeDuration, transform.LifeKilobytes));
        }
        return new Transform(number, Transform.KeyIke, attributes);
    }

    /// <summary>Reads a peer's Main Mode transform; false with a reason for anything we cannot use.</summary>
    public static bool TryFromPhase1Transform(Transform transform, out Ikev1Phase1Transform? result, out string reason)
    {
        ArgumentNullException.ThrowIfNull(transform);
        result = null;
        if (transform.TransformId != Transform.KeyIke)
        {
            reason = $"transform id {transform.TransformId} is not KEY_IKE";
            return false;
        }
        ushort? encryption = null, hash = null, auth = null, group = null, keyLength = null;
        TimeSpan? lifetime = null;
        ulong kilobytes = 0;
        LifeType lifeType = LifeType.None;
        foreach (var attribute in transform.Attributes)
        {
            if (!attribute.TryGetInteger(out ulong value)) { continue; }
            switch (attribute.Phase1Type)
            {
                case Phase1AttributeType.EncryptionAlgorithm: encryption = (ushort)Math.Min(value, ushort.MaxValue); break;
                case Phase1AttributeType.HashAlgorithm: hash = (ushort)Math.Min(value, ushort.MaxValue); break;
                case Phase1AttributeType.AuthenticationMethod: auth = (ushort)Math.Min(value, ushort.MaxValue); break;
                case Phase1AttributeType.GroupDescription: group = (ushort)Math.Min(value, ushort.MaxValue); break;
                case Phase1AttributeType.KeyLength: keyLength = (ushort)Math.Min(value, ushort.MaxValue); break;
                case Phase1AttributeType.LifeType: lifeType = (LifeType)Math.Min(value, ushort.MaxValue); break;
                case Phase1AttributeType.LifeDuration when lifeType == LifeType.Seconds:
                    lifetime = TimeSpan.FromSeconds(Math.Min(value, (ulong)int.MaxValue));
                    break;
                case Phase1AttributeType.LifeDuration when lifeType == LifeType.Kilobytes:
                    kilobytes = value;
                    break;
                case Phase1AttributeType.GroupType or Phase1AttributeType.GroupPrime or Phase1AttributeType.GroupGeneratorOne
                    or Phase1AttributeType.GroupGeneratorTwo or Phase1AttributeType.GroupCurveA or Phase1AttributeType.GroupCurveB:
                    reason = "private (non-registered) groups are not supported";
                    return false;
                default: break;
            }
        }
        if (encryption is null || hash is null || auth is null || group is null)
        {
            reason = "transform lacks one of encryption, hash, authentication method or group (RFC 2409 Appendix A)";
            return false;
        }
        EncryptionAlgorithm? algorithm = (Phase1EncryptionAlgorithm)encryption.Value switch
        {
            Phase1EncryptionAlgorithm.AesCbc => EncryptionAlgorithm.AesCbc,
            Phase1EncryptionAlgorithm.TripleDesCbc => EncryptionAlgorithm.TripleDes,
            Phase1EncryptionAlgorithm.DesCbc => EncryptionAlgorithm.Des,
            _ => null,
        };
        IntegrityAlgorithm? integrity = (Phase1HashAlgorithm)hash.Value switch
        {
            Phase1HashAlgorithm.Md5 => IntegrityAlgorithm.HmacMd596,
            Phase1HashAlgorithm.Sha1 => IntegrityAlgorithm.HmacSha196,
            Phase1HashAlgorithm.Sha256 => IntegrityAlgorithm.HmacSha256128,
            Phase1HashAlgorithm.Sha384 => IntegrityAlgorithm.HmacSha384192,
            Phase1HashAlgorithm.Sha512 => IntegrityAlgorithm.HmacSha512256,
            _ => null,
        };
        if (algorithm is null) { reason = $"unsupported IKEv1 encryption algorithm {encryption}"; return false; }
        if (integrity is null) { reason = $"unsupported IKEv1 hash algorithm {hash}"; return false; }
        int bits = keyLength ?? 0;
        if (algorithm == EncryptionAlgorithm.AesCbc && bits == 0) { bits = 128; } // RFC 3602 §5: AES without Key Length is 128
        result = new Ikev1Phase1Transform(new EncryptionTransform(algorithm.Value, bits), integrity.Value, (Ikev1AuthMethod)auth.Value,
            (KeyExchangeMethod)group.Value, lifetime ?? DefaultLifetime) { LifeKilobytes = kilobytes };
        reason = "";
        return true;
    }

    /// <summary>
    /// The Quick Mode ESP transforms for our proposals, first algorithm of each kind per proposal unless
    /// <paramref name="allCombinations"/>. ChaCha20-Poly1305, AES-CMAC and ML-KEM have no IKEv1 encoding and are skipped.
    /// </summary>
    public static IReadOnlyList<Ikev1QuickModeTransform> ToQuickModeTransforms(
        IEnumerable<CryptoSuite> suites, EncapsulationMode mode, TimeSpan lifetime, bool allCombinations = false)
    {
        ArgumentNullException.ThrowIfNull(suites);
        var result = new List<Ikev1QuickModeTransform>();
        foreach (var suite in suites.Where(s => s.Protocol == ProposalProtocol.Esp))
        {
            var encryptions = suite.Encryption.Where(e => IsEspTransform(e.Algorithm)).ToList();
            List<IntegrityAlgorithm> integrities = suite.IsAead ? [IntegrityAlgorithm.None] : [.. suite.Integrity.Where(i => AuthAlgorithm(i) is not null)];
            List<KeyExchangeMethod> groups = suite.KeyExchange.Count == 0 ? [KeyExchangeMethod.None] : [.. suite.KeyExchange.Where(IsIkev1Group)];
            var esns = suite.ExtendedSequenceNumbers.ToList();
            if (!allCombinations)
            {
                encryptions = [.. encryptions.Take(1)];
                integrities = [.. integrities.Take(1)];
                groups = [.. groups.Take(1)];
                esns = [.. esns.Take(1)];
            }
            foreach (var e in encryptions)
            {
                foreach (var i in integrities)
                {
                    foreach (var g in groups)
                    {
                        foreach (var esn in esns)
                        {
                            var transform = new Ikev1QuickModeTransform(e, i, g, mode, esn, lifetime);
                            if (result.Count < MaxTransforms && !result.Contains(transform)) { result.Add(transform); }
                        }
                    }
                }
            }
        }
        return result;
    }

    /// <summary>The ESP proposal for a Quick Mode SA payload (transforms numbered from 1).</summary>
    public static Proposal ToQuickModeProposal(IReadOnlyList<Ikev1QuickModeTransform> transforms, ReadOnlyMemory<byte> spi, byte number = 1)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        var wire = new List<Transform>(transforms.Count);
        for (int i = 0; i < transforms.Count; i++) { wire.Add(ToQuickModeTransform(transforms[i], checked((byte)(i + 1)))); }
        return new Proposal(number, IpsecProtocolId.Esp, spi, wire);
    }

    /// <summary>One Quick Mode ESP transform (transform id = ESP algorithm, IPsec DOI attributes).</summary>
    public static Transform ToQuickModeTransform(Ikev1QuickModeTransform transform, byte number)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (!IsEspTransform(transform.Encryption.Algorithm))
        {
            throw new ArgumentException($"{transform.Encryption.Algorithm} has no IKEv1 ESP transform id", nameof(transform));
        }
        // Attribute order as strongSwan 5.9 sends it (lab capture ikev1, Quick Mode): key length, authentication, group,
        // encapsulation mode, then the lifetime pair.
        var attributes = new List<IsakmpAttribute>();
        if (transform.Encryption.KeyLength != 0)
        {
            attributes.Add(IsakmpAttribute.Tv((ushort)IpsecAttributeType.KeyLength, checked((ushort)transform.Encryption.KeyLength)));
        }
        if (transform.Integrity != IntegrityAlgorithm.None)
        {
            var auth = AuthAlgorithm(transform.Integrity) ?? throw new ArgumentException($"{transform.Integrity} has no IKEv1 encoding", nameof(transform));
            attributes.Add(IsakmpAttribute.Tv((ushort)IpsecAttributeType.AuthenticationAlgorithm, (ushort)auth));
        }
        if (transform.Pfs != KeyExchangeMethod.None)
        {
            attributes.Add(IsakmpAttribute.Tv((ushort)IpsecAttributeType.GroupDescription, (ushort)transform.Pfs));
        }
        attributes.Add(IsakmpAttribute.Tv((ushort)IpsecAttributeType.EncapsulationMode, (ushort)transform.Mode));
        if (transform.Esn == ExtendedSequenceNumbers.Extended)
        {
            attributes.Add(IsakmpAttribute.Tv((ushort)IpsecAttributeType.ExtendedSequenceNumber, 1));
        }
        attributes.Add(IsakmpAttribute.Tv((ushort)IpsecAttributeType.SaLifeType, (ushort)LifeType.Seconds));
        attributes.Add(IsakmpAttribute.FromInteger((ushort)IpsecAttributeType.SaLifeDuration, (ulong)transform.Lifetime.TotalSeconds));
        return new Transform(number, (byte)transform.Encryption.Algorithm, attributes);
    }

    /// <summary>Reads a peer's Quick Mode ESP transform; false with a reason for anything we cannot use.</summary>
    public static bool TryFromQuickModeTransform(Transform transform, out Ikev1QuickModeTransform? result, out string reason)
    {
        ArgumentNullException.ThrowIfNull(transform);
        result = null;
        var algorithm = (EncryptionAlgorithm)transform.TransformId;
        if (!IsEspTransform(algorithm))
        {
            reason = $"unsupported ESP transform id {transform.TransformId}";
            return false;
        }
        var (auth, group, keyLength, mode, esn, lifetime) = QuickModeTransformAttributes.Read(transform);
        IntegrityAlgorithm integrity = IntegrityAlgorithm.None;
        if (auth is { } a)
        {
            IntegrityAlgorithm? mapped = (IpsecAuthAlgorithm)a switch
            {
                IpsecAuthAlgorithm.HmacMd5 => IntegrityAlgorithm.HmacMd596,
                IpsecAuthAlgorithm.HmacSha => IntegrityAlgorithm.HmacSha196,
                IpsecAuthAlgorithm.HmacSha256 => IntegrityAlgorithm.HmacSha256128,
                IpsecAuthAlgorithm.HmacSha384 => IntegrityAlgorithm.HmacSha384192,
                IpsecAuthAlgorithm.HmacSha512 => IntegrityAlgorithm.HmacSha512256,
                IpsecAuthAlgorithm.AesXcbcMac => IntegrityAlgorithm.AesXcbc96,
                _ => null,
            };
            if (mapped is null) { reason = $"unsupported IPsec authentication algorithm {a}"; return false; }
            integrity = mapped.Value;
        }
        bool aead = TransformRegistry.IsAead(algorithm);
        if (aead == (integrity != IntegrityAlgorithm.None))
        {
            reason = aead ? "an AEAD ESP transform must not carry an authentication algorithm" : "a non-AEAD ESP transform needs an authentication algorithm";
            return false;
        }
        int bits = keyLength ?? 0;
        if (bits == 0 && algorithm is not (EncryptionAlgorithm.TripleDes or EncryptionAlgorithm.Des or EncryptionAlgorithm.Null))
        {
            reason = $"ESP transform {algorithm} lacks its Key Length attribute";
            return false;
        }
        result = new Ikev1QuickModeTransform(new EncryptionTransform(algorithm, bits), integrity, (KeyExchangeMethod)(group ?? 0),
            mode, esn, lifetime ?? DefaultLifetime);
        reason = "";
        return true;
    }

    private static Phase1EncryptionAlgorithm? Phase1Encryption(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.AesCbc => Phase1EncryptionAlgorithm.AesCbc,
        EncryptionAlgorithm.TripleDes => Phase1EncryptionAlgorithm.TripleDesCbc,
        EncryptionAlgorithm.Des => Phase1EncryptionAlgorithm.DesCbc,
        _ => null,
    };

    private static Phase1HashAlgorithm? Phase1Hash(IntegrityAlgorithm integrity) => integrity switch
    {
        IntegrityAlgorithm.HmacMd596 => Phase1HashAlgorithm.Md5,
        IntegrityAlgorithm.HmacSha196 => Phase1HashAlgorithm.Sha1,
        IntegrityAlgorithm.HmacSha256128 => Phase1HashAlgorithm.Sha256,
        IntegrityAlgorithm.HmacSha384192 => Phase1HashAlgorithm.Sha384,
        IntegrityAlgorithm.HmacSha512256 => Phase1HashAlgorithm.Sha512,
        _ => null,
    };

    private static IpsecAuthAlgorithm? AuthAlgorithm(IntegrityAlgorithm integrity) => integrity switch
    {
        IntegrityAlgorithm.HmacMd596 => IpsecAuthAlgorithm.HmacMd5,
        IntegrityAlgorithm.HmacSha196 => IpsecAuthAlgorithm.HmacSha,
        IntegrityAlgorithm.HmacSha256128 => IpsecAuthAlgorithm.HmacSha256,
        IntegrityAlgorithm.HmacSha384192 => IpsecAuthAlgorithm.HmacSha384,
        IntegrityAlgorithm.HmacSha512256 => IpsecAuthAlgorithm.HmacSha512,
        IntegrityAlgorithm.AesXcbc96 => IpsecAuthAlgorithm.AesXcbcMac,
        _ => null,
    };

    // IKEv1 ESP transform ids share their numbers with IKEv2 ENCR ids for these algorithms (IANA IPsec registry).
    private static bool IsEspTransform(EncryptionAlgorithm algorithm) => algorithm is EncryptionAlgorithm.AesCbc or EncryptionAlgorithm.AesCtr
        or EncryptionAlgorithm.AesGcm8 or EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.AesCcm8
        or EncryptionAlgorithm.AesCcm12 or EncryptionAlgorithm.AesCcm16 or EncryptionAlgorithm.TripleDes or EncryptionAlgorithm.Des
        or EncryptionAlgorithm.Null;

    // ML-KEM is IKEv2-only (RFC 9370 additional exchanges); the other groups use the shared IANA group numbers.
    private static bool IsIkev1Group(KeyExchangeMethod method) =>
        method is not (KeyExchangeMethod.None or KeyExchangeMethod.MlKem512 or KeyExchangeMethod.MlKem768 or KeyExchangeMethod.MlKem1024);
}
