namespace DotSwan.Crypto.Kdf;

/// <summary>The key lengths of one Child SA (IKEv2) or Quick Mode SA pair (IKEv1), in bytes.</summary>
/// <param name="EncryptionKeyLength">Cipher key length including any salt (AES-GCM: key + 4, RFC 4106).</param>
/// <param name="IntegrityKeyLength">Integrity key length; 0 with an AEAD cipher or for AH-less ESP without integrity.</param>
public readonly record struct ChildSaKeyLengths(int EncryptionKeyLength, int IntegrityKeyLength)
{
    /// <summary>Keying material for one direction.</summary>
    public long PerDirection => (long)EncryptionKeyLength + IntegrityKeyLength;

    /// <summary>True when no length is negative.</summary>
    public bool IsValid => EncryptionKeyLength >= 0 && IntegrityKeyLength >= 0;
}
