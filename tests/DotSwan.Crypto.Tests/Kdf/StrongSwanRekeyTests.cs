using System.Buffers.Binary;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Child SA rekeys with PFS (CREATE_CHILD_SA with KE, ESP AES_GCM_16_128/CURVE_25519) from the lab capture "rekey",
/// strongSwan 5.9.8 at key-level logging (TestData/kdf/strongswan/rekey-initiator.charon.log). Two rekeys happen under
/// rekeyed IKE SAs, so their SK_d is the one strongSwan derived in an IKE SA rekey; the IKE SA rekeys themselves are
/// re-derived from the captured CREATE_CHILD_SA messages (TestData/kdf/strongswan/rekey-create-child-sa.json, from rekey.pcap).
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
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
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

    [Theory]
    [InlineData(21, 22, 0)] // log lines 281-301: the original IKE SA is rekeyed (CREATE_CHILD_SA message 4)
    [InlineData(77, 78, 1)] // lines 455-475: the rekeyed IKE SA is rekeyed again
    public void Ike_sa_rekey_gives_charons_skeyseed_and_new_sk_keys(int requestFrame, int responseFrame, int oldSa)
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        Dictionary<int, Ikev2TestMessage> frames = KdfTestData.Cases(Path.Combine("strongswan", "rekey-create-child-sa.json"))
            .ToDictionary(c => c.Int("frame"), c => new Ikev2TestMessage(c.Hex("ike")));

        // Open the exchange with the old IKE SA's keys (we initiated the rekey: request under SK_ei, response under SK_er).
        (byte[] request, byte requestFirst) = frames[requestFrame].DecryptAesGcm16(Log.Dump("Sk_ei secret", oldSa));
        (byte[] response, byte responseFirst) = frames[responseFrame].DecryptAesGcm16(Log.Dump("Sk_er secret", oldSa));
        const byte Sa = 33, Nonce = 40;
        byte[] ni = Ikev2TestMessage.PayloadBody(request, requestFirst, Nonce);
        byte[] nr = Ikev2TestMessage.PayloadBody(response, responseFirst, Nonce);
        ulong spiI = BinaryPrimitives.ReadUInt64BigEndian(
            Ikev2TestMessage.FirstProposalSpi(Ikev2TestMessage.PayloadBody(request, requestFirst, Sa)));
        ulong spiR = BinaryPrimitives.ReadUInt64BigEndian(
            Ikev2TestMessage.FirstProposalSpi(Ikev2TestMessage.PayloadBody(response, responseFirst, Sa)));

        // SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), then SK_* = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) with the new SPIs.
        Assert.True(Ikev2KeyDerivation.TryComputeRekeySkeyseed(prf, Log.Dump("Sk_d secret", oldSa), Log.Dump("shared Diffie Hellman secret", oldSa + 1),
            ni, nr, out SecretBytes? skeyseed, out _));
        using (skeyseed)
        {
            Assert.Equal(Log.Dump("SKEYSEED", oldSa + 1), skeyseed!.ReadOnlySpan.ToArray());
            Assert.True(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, skeyseed.ReadOnlySpan, ni, nr, spiI, spiR, new IkeSaKeyLengths(32, 0, 36),
                out IkeSaKeys? keys, out _));
            using (keys)
            {
                Assert.Equal(Log.Dump("Sk_d secret", oldSa + 1), keys!.SkD.ReadOnlySpan.ToArray());
                Assert.Equal(Log.Dump("Sk_ei secret", oldSa + 1), keys.SkEi.ReadOnlySpan.ToArray());
                Assert.Equal(Log.Dump("Sk_er secret", oldSa + 1), keys.SkEr.ReadOnlySpan.ToArray());
                Assert.Equal(Log.Dump("Sk_pi secret", oldSa + 1), keys.SkPi.ReadOnlySpan.ToArray());
                Assert.Equal(Log.Dump("Sk_pr secret", oldSa + 1), keys.SkPr.ReadOnlySpan.ToArray());
            }
        }
    }
}
