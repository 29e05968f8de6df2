using DotSwan.Crypto;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Proposals.Ikev1;

/// <summary>
/// One IKEv1 Main/Aggressive Mode transform (RFC 2409 Appendix A attributes): a single encryption algorithm with key
/// length, hash (which also selects the HMAC PRF), authentication method, group and lifetime.
/// </summary>
public sealed record Ikev1Phase1Transform(
    EncryptionTransform Encryption,
    IntegrityAlgorithm Hash,
    Ikev1AuthMethod AuthMethod,
    KeyExchangeMethod Group,
    TimeSpan Lifetime)
{
    /// <summary>Byte limit of the ISAKMP SA in kilobytes (a second Life Type/Duration pair); 0 for none. Not compared by <see cref="MatchesAlgorithms"/>.</summary>
    public ulong LifeKilobytes { get; init; }

    /// <summary>Whether two transforms negotiate the same algorithms and authentication (the lifetime is not compared).</summary>
    public bool MatchesAlgorithms(Ikev1Phase1Transform other) =>
        other is not null && Encryption == other.Encryption && Hash == other.Hash && AuthMethod == other.AuthMethod && Group == other.Group;

    /// <summary>The algorithms as an IKE proposal (PRF derived from the hash as IKEv1 does).</summary>
    public CryptoSuite ToSuite()
    {
        var transforms = new List<ProposalTransform>
        {
            new(TransformType.Encryption, (ushort)Encryption.Algorithm, Encryption.KeyLength),
            new(TransformType.Integrity, (ushort)Hash),
            new(TransformType.KeyExchange, (ushort)Group),
        };
        return CryptoSuite.TryCreate(ProposalProtocol.Ike, transforms, out var suite, out var error)
            ? suite!
            : throw new InvalidOperationException(error.Message);
    }

    /// <summary>strongSwan proposal form of the algorithms, e.g. <c>aes128-sha256-modp2048</c>.</summary>
    public override string ToString() =>
        $"{ToSuite().ToProposalString()} ({AuthMethod}, {Lifetime.TotalSeconds:0}s{(LifeKilobytes > 0 ? $"/{LifeKilobytes}KB" : "")})";
}
