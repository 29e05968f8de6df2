using DotSwan.Crypto;

namespace DotSwan.Ike.Proposals;

/// <summary>An encryption algorithm with its key length in bits (0 for algorithms without a Key Length attribute).</summary>
public readonly record struct EncryptionTransform(EncryptionAlgorithm Algorithm, int KeyLength);
