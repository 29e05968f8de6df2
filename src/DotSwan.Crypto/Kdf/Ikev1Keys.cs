namespace DotSwan.Crypto.Kdf;

/// <summary>The IKEv1 phase 1 keying material (RFC 2409 §5): SKEYID and the three keys derived from it. Disposing zeroes them.</summary>
public sealed class Ikev1Keys : IDisposable
{
    internal Ikev1Keys(SecretBytes skeyid, SecretBytes skeyidD, SecretBytes skeyidA, SecretBytes skeyidE)
    {
        Skeyid = skeyid;
        SkeyidD = skeyidD;
        SkeyidA = skeyidA;
        SkeyidE = skeyidE;
    }

    /// <summary>SKEYID: keys HASH_I and HASH_R.</summary>
    public SecretBytes Skeyid { get; }

    /// <summary>SKEYID_d: keys the Quick Mode KEYMAT.</summary>
    public SecretBytes SkeyidD { get; }

    /// <summary>SKEYID_a: keys the Quick Mode and informational HASH payloads.</summary>
    public SecretBytes SkeyidA { get; }

    /// <summary>SKEYID_e: the source of the ISAKMP SA encryption key (see <see cref="Ikev1KeyDerivation.TryComputeEncryptionKey"/>).</summary>
    public SecretBytes SkeyidE { get; }

    /// <summary>Zeroes all keys.</summary>
    public void Dispose()
    {
        Skeyid.Dispose();
        SkeyidD.Dispose();
        SkeyidA.Dispose();
        SkeyidE.Dispose();
    }

    /// <summary>Never prints key material.</summary>
    public override string ToString() => $"Ikev1Keys({Skeyid.Length} B each)";
}
