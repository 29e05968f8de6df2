using DotSwan.Crypto;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Proposals.Ikev1;

/// <summary>
/// Quick Mode AH proposals (RFC 2407 §4.4.3, PROTO_IPSEC_AH): the transform id names the AH algorithm (AH_MD5 2, AH_SHA 3,
/// AH_SHA2_256 5, AH_SHA2_384 6, AH_SHA2_512 7) and the Authentication Algorithm attribute must name the matching HMAC
/// (RFC 2407 §4.5). AH has no encryption, so <see cref="Ikev1QuickModeTransform.Encryption"/> is NULL with no key.
/// </summary>
public static class Ikev1AhTransforms
{
    private static readonly EncryptionTransform NoEncryption = new(EncryptionAlgorithm.Null, 0);

    /// <summary>The Quick Mode AH transforms for strongSwan-style <c>ah_proposals</c> (every integrity × group × ESN combination).</summary>
    public static IReadOnlyList<Ikev1QuickModeTransform> ToQuickModeTransforms(IEnumerable<CryptoSuite> suites, EncapsulationMode mode, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(suites);
        var result = new List<Ikev1QuickModeTransform>();
        foreach (var suite in suites.Where(s => s.Protocol == ProposalProtocol.Ah))
        {
            List<KeyExchangeMethod> groups = suite.KeyExchange.Count == 0 ? [KeyExchangeMethod.None] : [.. suite.KeyExchange];
            foreach (var integrity in suite.Integrity.Where(i => TransformId(i) is not null))
            {
                foreach (var group in groups)
                {
                    foreach (var esn in suite.ExtendedSequenceNumbers)
                    {
                        var transform = new Ikev1QuickModeTransform(NoEncryption, integrity, group, mode, esn, lifetime) { Protocol = IpsecProtocolId.Ah };
                        if (result.Count < Ikev1ProposalConverter.MaxTransforms && !result.Contains(transform)) { result.Add(transform); }
                    }
                }
            }
        }
        return result;
    }

    /// <summary>The proposal for a Quick Mode SA payload: AH transforms as PROTO_IPSEC_AH, ESP ones as PROTO_IPSEC_ESP.</summary>
    public static Proposal ToProposal(IReadOnlyList<Ikev1QuickModeTransform> transforms, ReadOnlyMemory<byte> spi)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        if (transforms.Count == 0 || transforms[0].Protocol != IpsecProtocolId.Ah)
        {
            return Ikev1ProposalConverter.ToQuickModeProposal(transforms, spi);
        }
        var wire = new List<Transform>(transforms.Count);
        for (int i = 0; i < transforms.Count; i++) { wire.Add(ToTransform(transforms[i], checked((byte)(i + 1)))); }
        return new Proposal(1, IpsecProtocolId.Ah, spi, wire);
    }

    /// <summary>One AH transform: transform id for the algorithm, Authentication Algorithm, group, mode, ESN, lifetime.</summary>
    public static Transform ToTransform(Ikev1QuickModeTransform transform, byte number)
    {
        ArgumentNullException.ThrowIfNull(transform);
        var id = TransformId(transform.Integrity) ?? throw new ArgumentException($"{transform.Integrity} has no IKEv1 AH transform id", nameof(transform));
        var attributes = new List<IsakmpAttribute> { IsakmpAttribute.Tv((ushort)IpsecAttributeType.AuthenticationAlgorithm, (ushort)Auth(id)) };
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
        return new Transform(number, id, attributes);
    }

    /// <summary>Reads a peer's Quick Mode transform of a proposal of <paramref name="protocol"/> (ESP or AH).</summary>
    public static bool TryFromTransform(IpsecProtocolId protocol, Transform transform, out Ikev1QuickModeTransform? result, out string reason)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (protocol == IpsecProtocolId.Esp) { return Ikev1ProposalConverter.TryFromQuickModeTransform(transform, out result, out reason); }
        result = null;
        if (protocol != IpsecProtocolId.Ah)
        {
            reason = $"unsupported Quick Mode protocol {protocol}";
            return false;
        }
        var integrity = Integrity(transform.TransformId);
        if (integrity is null)
        {
            reason = $"unsupported AH transform id {transform.TransformId}";
            return false;
        }
        var (auth, group, _, mode, esn, lifetime) = QuickModeTransformAttributes.Read(transform);
        // RFC 2407 §4.5: with AH the Authentication Algorithm attribute must be present and match the transform id.
        if (auth is not { } a || a != (ushort)Auth(transform.TransformId))
        {
            reason = $"AH transform id {transform.TransformId} needs the matching Authentication Algorithm attribute (got {auth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})";
            return false;
        }
        result = new Ikev1QuickModeTransform(NoEncryption, integrity.Value, (KeyExchangeMethod)(group ?? 0), mode, esn,
            lifetime ?? Ikev1ProposalConverter.DefaultLifetime) { Protocol = IpsecProtocolId.Ah };
        reason = "";
        return true;
    }

    private static byte? TransformId(IntegrityAlgorithm integrity) => integrity switch
    {
        IntegrityAlgorithm.HmacMd596 => (byte)AhTransformId.Md5,
        IntegrityAlgorithm.HmacSha196 => (byte)AhTransformId.Sha,
        IntegrityAlgorithm.HmacSha256128 => (byte)AhTransformId.Sha256,
        IntegrityAlgorithm.HmacSha384192 => (byte)AhTransformId.Sha384,
        IntegrityAlgorithm.HmacSha512256 => (byte)AhTransformId.Sha512,
        _ => null,
    };

    private static IntegrityAlgorithm? Integrity(byte transformId) => (AhTransformId)transformId switch
    {
        AhTransformId.Md5 => IntegrityAlgorithm.HmacMd596,
        AhTransformId.Sha => IntegrityAlgorithm.HmacSha196,
        AhTransformId.Sha256 => IntegrityAlgorithm.HmacSha256128,
        AhTransformId.Sha384 => IntegrityAlgorithm.HmacSha384192,
        AhTransformId.Sha512 => IntegrityAlgorithm.HmacSha512256,
        _ => null,
    };

    private static IpsecAuthAlgorithm Auth(byte transformId) => (AhTransformId)transformId switch
    {
        AhTransformId.Md5 => IpsecAuthAlgorithm.HmacMd5,
        AhTransformId.Sha => IpsecAuthAlgorithm.HmacSha,
        AhTransformId.Sha256 => IpsecAuthAlgorithm.HmacSha256,
        AhTransformId.Sha384 => IpsecAuthAlgorithm.HmacSha384,
        AhTransformId.Sha512 => IpsecAuthAlgorithm.HmacSha512,
        _ => IpsecAuthAlgorithm.None,
    };
}
