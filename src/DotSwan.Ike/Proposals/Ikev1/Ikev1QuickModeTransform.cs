using DotSwan.Crypto;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Proposals.Ikev1;

/// <summary>
/// One IKEv1 Quick Mode ESP transform (RFC 2407 §4.4.4/§4.5): ESP transform id with key length, authentication algorithm
/// (<see cref="IntegrityAlgorithm.None"/> for AEAD), PFS group (<see cref="KeyExchangeMethod.None"/> for no PFS),
/// encapsulation mode, ESN and lifetime.
/// </summary>
public sealed record Ikev1QuickModeTransform(
    EncryptionTransform Encryption,
    IntegrityAlgorithm Integrity,
    KeyExchangeMethod Pfs,
    EncapsulationMode Mode,
    ExtendedSequenceNumbers Esn,
    TimeSpan Lifetime)
{
    /// <summary>Whether two transforms negotiate the same algorithms and mode (the lifetime is not compared).</summary>
    public bool MatchesAlgorithms(Ikev1QuickModeTransform other) =>
        other is not null && Encryption == other.Encryption && Integrity == other.Integrity && Pfs == other.Pfs && Mode == other.Mode && Esn == other.Esn;

    /// <summary>The algorithms as an ESP proposal.</summary>
    public CryptoSuite ToSuite()
    {
        var transforms = new List<ProposalTransform> { new(TransformType.Encryption, (ushort)Encryption.Algorithm, Encryption.KeyLength) };
        if (Integrity != IntegrityAlgorithm.None) { transforms.Add(new(TransformType.Integrity, (ushort)Integrity)); }
        if (Pfs != KeyExchangeMethod.None) { transforms.Add(new(TransformType.KeyExchange, (ushort)Pfs)); }
        transforms.Add(new(TransformType.ExtendedSequenceNumbers, (ushort)Esn));
        return CryptoSuite.TryCreate(ProposalProtocol.Esp, transforms, out var suite, out var error)
            ? suite!
            : throw new InvalidOperationException(error.Message);
    }

    /// <summary>strongSwan proposal form plus mode and lifetime.</summary>
    public override string ToString() => $"{ToSuite().ToProposalString()} ({Mode}, {Lifetime.TotalSeconds:0}s)";
}
