namespace DotSwan.Crypto;

/// <summary>Why a cryptographic operation refused its input.</summary>
public enum CryptoErrorKind
{
    /// <summary>The algorithm (or this key length of it) is not implemented or not enabled.</summary>
    Unsupported = 1,
    /// <summary>A key of the wrong length was given.</summary>
    InvalidKeyLength,
    /// <summary>An IV, nonce, ICV or data length is wrong for the algorithm (not a block multiple, too short …).</summary>
    InvalidLength,
    /// <summary>An ICV, tag or MAC did not verify: tampered or wrongly keyed data.</summary>
    AuthenticationFailed,
    /// <summary>The peer's key exchange value failed validation (RFC 6989): out of range, not on the curve, low order …</summary>
    InvalidPublicValue,
    /// <summary>A signature did not verify or could not be parsed.</summary>
    InvalidSignature,
    /// <summary>A certificate chain or CRL check failed.</summary>
    CertificateInvalid,
}
