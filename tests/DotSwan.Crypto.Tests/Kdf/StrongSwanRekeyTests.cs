using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Child SA rekeys with PFS (CREATE_CHILD_SA with KE, ESP AES_GCM_16_128/CURVE_25519) from the lab capture "rekey",
/// strongSwan 5.9.8 at key-level logging (TestData/kdf/strongswan/rekey-initiator.charon.log). Two rekeys happen under
/// rekeyed IKE SAs, so their SK_d is the one strongSwan derived in an IKE SA rekey.
/// </summary>
public sealed class StrongSwanRekeyTests
{
    private static readonly CharonLog Log = new("rekey-initiator.charon.log");

    [Theory]
    [InlineData(0, 0)] // log line 229: first Child SA rekey under the original IKE SA
    [InlineData(1, 1)] // line 339: under the first rekeyed IKE SA (SK_d at line 287)
    [InlineData(2, 1)] // line 398
    [InlineData(3, 2)] // line 507: under the second rekeyed IKE SA (SK_d at line 461)
    [InlineData(4, 2)] // line 566
    public void Child_rekey_with_pfs_gives_charons_esp_keys(int rekey, int ikeSa)
    {
        using var prf = TestHmacPrf.For(PrfAlgorithm.HmacSha256);
        byte[] skD = Log.Dump("Sk_d secret", ikeSa);
        byte[] gir = Log.Dump("DH secret", rekey);

        // charon's logged seed is g^ir (new) | Ni | Nr: the PFS secret comes first (RFC 7296 §2.17).
        byte[] seed = Log.Dump("seed", rekey + 1);
        Assert.Equal(gir, seed[..gir.Length]);
        byte[] ni = seed[gir.Length..(gir.Length + 32)], nr = seed[(gir.Length + 32)..];

        Assert.True(Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, skD, gir, ni, nr, new ChildSaKeyLengths(20, 0), out ChildSaKeys? keys, out _));
        using (keys)
        {
            Assert.Equal(Log.Dump("encryption initiator key", rekey + 1), keys!.InitiatorEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(Log.Dump("encryption responder key", rekey + 1), keys.ResponderEncryptionKey.ReadOnlySpan.ToArray());
        }

        // The same keys through the RFC 9370 overload with a single key exchange.
        using var secret = SecretBytes.CopyOf(gir);
        Assert.True(Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, skD, [secret], ni, nr, new ChildSaKeyLengths(20, 0), out ChildSaKeys? viaList, out _));
        using (viaList)
        {
            Assert.Equal(Log.Dump("encryption initiator key", rekey + 1), viaList!.InitiatorEncryptionKey.ReadOnlySpan.ToArray());
        }
    }
}
