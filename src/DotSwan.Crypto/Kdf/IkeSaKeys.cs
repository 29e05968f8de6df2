namespace DotSwan.Crypto.Kdf;

/// <summary>
/// The seven keys of an IKE SA, {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} in the order RFC 7296 §2.14 takes them
/// from prf+. Disposing zeroes them all.
/// </summary>
public sealed class IkeSaKeys : IDisposable
{
    internal IkeSaKeys(ReadOnlySpan<byte> keyMaterial, IkeSaKeyLengths lengths)
    {
        int offset = 0;
        SkD = Take(keyMaterial, ref offset, lengths.PrfKeyLength);
        SkAi = Take(keyMaterial, ref offset, lengths.IntegrityKeyLength);
        SkAr = Take(keyMaterial, ref offset, lengths.IntegrityKeyLength);
        SkEi = Take(keyMaterial, ref offset, lengths.EncryptionKeyLength);
        SkEr = Take(keyMaterial, ref offset, lengths.EncryptionKeyLength);
        SkPi = Take(keyMaterial, ref offset, lengths.PrfKeyLength);
        SkPr = Take(keyMaterial, ref offset, lengths.PrfKeyLength);
    }

    /// <summary>SK_d: keys Child SAs and the next IKE SA.</summary>
    public SecretBytes SkD { get; }

    /// <summary>SK_ai: integrity of messages from the initiator.</summary>
    public SecretBytes SkAi { get; }

    /// <summary>SK_ar: integrity of messages from the responder.</summary>
    public SecretBytes SkAr { get; }

    /// <summary>SK_ei: encryption (with salt) of messages from the initiator.</summary>
    public SecretBytes SkEi { get; }

    /// <summary>SK_er: encryption (with salt) of messages from the responder.</summary>
    public SecretBytes SkEr { get; }

    /// <summary>SK_pi: keys the initiator's MACedIDForI in AUTH.</summary>
    public SecretBytes SkPi { get; }

    /// <summary>SK_pr: keys the responder's MACedIDForR in AUTH.</summary>
    public SecretBytes SkPr { get; }

    /// <summary>Zeroes all keys.</summary>
    public void Dispose()
    {
        SkD.Dispose();
        SkAi.Dispose();
        SkAr.Dispose();
        SkEi.Dispose();
        SkEr.Dispose();
        SkPi.Dispose();
        SkPr.Dispose();
    }

    /// <summary>Never prints key material.</summary>
    public override string ToString() => $"IkeSaKeys(SK_d {SkD.Length} B, SK_a {SkAi.Length} B, SK_e {SkEi.Length} B, SK_p {SkPi.Length} B)";

    private static SecretBytes Take(ReadOnlySpan<byte> keyMaterial, ref int offset, int length)
    {
        var key = SecretBytes.CopyOf(keyMaterial.Slice(offset, length));
        offset += length;
        return key;
    }
}
