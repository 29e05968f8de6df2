using DotSwan.Crypto;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Makes the SK protection of one direction of an IKE SA from its keys again, after <see cref="IkeSaProtection.ReleaseTransforms"/>
/// let the libcrypto contexts go. The algorithms and keys were used once already when the SA was made.
/// </summary>
internal sealed class SkTransformFactory(TransformRegistry registry, EncryptionTransform encryption, bool aead, IntegrityAlgorithm? integrity,
    bool isInitiator)
{
    /// <summary>Whether our side is the IKE SA's original initiator (its keys are SK_ei/SK_ai outbound).</summary>
    public bool IsInitiator { get; } = isInitiator;

    /// <summary>The SK protection with these keys; throws only if the transform that worked before now fails (out of memory).</summary>
    public SkProtection Create((SecretBytes Encryption, SecretBytes Integrity) keys) =>
        IkeSaProtection.TryCreateSk(registry, encryption, aead, integrity, keys.Encryption, keys.Integrity, out var sk, out string reason)
            ? sk!
            : throw new InvalidOperationException($"SK transform {encryption} could not be made again: {reason}");
}
