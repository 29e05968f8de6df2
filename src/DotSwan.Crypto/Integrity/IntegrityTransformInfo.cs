namespace DotSwan.Crypto.Integrity;

/// <summary>Sizes of an integrity transform: the key to derive and the ICV it appends.</summary>
/// <param name="Algorithm">The IANA integrity id.</param>
/// <param name="KeyLength">Key bytes (SK_ai/SK_ar, or the integrity part of KEYMAT).</param>
/// <param name="IcvLength">Bytes of the truncated ICV.</param>
public readonly record struct IntegrityTransformInfo(IntegrityAlgorithm Algorithm, int KeyLength, int IcvLength);
