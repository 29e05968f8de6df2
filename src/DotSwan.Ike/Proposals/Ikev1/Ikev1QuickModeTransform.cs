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
    /// <summary>
    /// The protocol of the proposal: <see cref="IpsecProtocolId.Esp"/> (default) or <see cref="IpsecProtocolId.Ah"/>
    /// (RFC 2407 §4.4.3; <see cref="Encryption"/> is then <see cref="EncryptionAlgorithm.Null"/> with no key).
    /// </summary>
    public IpsecProtocolId Protocol { get; init; } = IpsecProtocolId.Esp;

    /// <summary>Whether two transforms negotiate the same algorithms and mode (the lifetime is not compared).</summary>
    public bool MatchesAlgorithms(Ikev1QuickModeTransform other) =>
        other is not null && Protocol == other.Protocol && Encryption == other.Encryption && Integrity == other.Integrity && Pfs == other.Pfs && Mode == other.Mode && Esn == other.Esn;

    /// <summary>The algorithms as an ESP (or AH) proposal.</summary>
    public CryptoSuite ToSuite()
    {
        bool ah = Protocol == IpsecProtocolId.Ah;
        var transforms = new List<ProposalTransform>();
        if (!ah) { transforms.Add(new(TransformType.Encryption, (ushort)Encryption.Algorithm, Encryption.KeyLength)); }
        if (Integrity != IntegrityAlgorithm.None) { transforms.Add(new(TransformType.Integrity, (ushort)Integrity)); }
        if (Pfs != KeyExchangeMethod.None) { transforms.Add(new(TransformType.KeyExchange, (ushort)Pfs)); }
        transforms.Add(new(TransformType.ExtendedSequenceNumbers, (ushort)Esn));
        return CryptoSuite.TryCreate(ah ? ProposalProtocol.Ah : ProposalProtocol.Esp, transforms, out var suite, out var error)
            ? suite!
            : throw new InvalidOperationException(error.Message);
    }

    /// <summary>strongSwan proposal form plus mode and lifetime.</summary>
    public override string ToString() => $"{ToSuite().ToProposalString()} ({Mode}, {Lifetime.TotalSeconds:0}s)";
}
