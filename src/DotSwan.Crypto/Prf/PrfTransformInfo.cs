namespace DotSwan.Crypto.Prf;

/// <summary>Sizes of a PRF.</summary>
/// <param name="Algorithm">The IANA PRF id.</param>
/// <param name="OutputLength">Bytes of output per invocation (and so per prf+ block).</param>
/// <param name="KeyLength">The preferred key length (SK_d, SK_pi, SK_pr): the output length for HMAC, 16 for the AES PRFs.</param>
public readonly record struct PrfTransformInfo(PrfAlgorithm Algorithm, int OutputLength, int KeyLength);
