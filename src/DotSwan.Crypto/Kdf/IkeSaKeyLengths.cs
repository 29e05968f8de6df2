namespace DotSwan.Crypto.Kdf;

/// <summary>The key lengths an IKE SA's proposal implies, in bytes (RFC 7296 §2.14).</summary>
/// <param name="PrfKeyLength">Length of SK_d, SK_pi and SK_pr: the PRF's preferred key length.</param>
/// <param name="IntegrityKeyLength">Length of SK_ai and SK_ar; 0 with an AEAD cipher.</param>
/// <param name="EncryptionKeyLength">Length of SK_ei and SK_er, including any salt (e.g. 4 bytes for AES-GCM, RFC 5282).</param>
public readonly record struct IkeSaKeyLengths(int PrfKeyLength, int IntegrityKeyLength, int EncryptionKeyLength)
{
    /// <summary>The total keying material: SK_d + 2 × integrity + 2 × encryption + 2 × PRF key.</summary>
    public long Total => 3L * PrfKeyLength + 2L * IntegrityKeyLength + 2L * EncryptionKeyLength;

    /// <summary>True when no length is negative.</summary>
    public bool IsValid => PrfKeyLength >= 0 && IntegrityKeyLength >= 0 && EncryptionKeyLength >= 0;
}
