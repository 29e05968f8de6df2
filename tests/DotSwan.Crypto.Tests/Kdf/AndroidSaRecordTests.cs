using System.Buffers.Binary;
using System.Text.Json;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Android's IKE library vectors (TestData/kdf/android-sarecord.json): a full derivation from the DH secret to SK_* and the
/// first Child SA's keys, with unequal integrity and encryption lengths, so any mix-up of the key order shows.
/// </summary>
public sealed class AndroidSaRecordTests
{
    private const string File = "android-sarecord.json";
    private static readonly JsonElement C = KdfTestData.Cases(File).Single();

    [Fact]
    public void Shared_secret_to_skeyseed_to_ike_sa_keys_in_rfc_order()
    {
        using var prf = KdfPrfs.ForHash(C.Text("prf"));
        Assert.True(Ikev2KeyDerivation.TryComputeSkeyseed(prf, C.Hex("ni"), C.Hex("nr"), C.Hex("gir"), out SecretBytes? skeyseed, out _));
        using (skeyseed)
        {
            Assert.Equal(C.Hex("skeyseed"), skeyseed!.ReadOnlySpan.ToArray());
            var lengths = new IkeSaKeyLengths(C.Int("prfKeyLength"), C.Int("integrityKeyLength"), C.Int("encryptionKeyLength"));
            Assert.True(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, skeyseed.ReadOnlySpan, C.Hex("ni"), C.Hex("nr"),
                BinaryPrimitives.ReadUInt64BigEndian(C.Hex("spiI")), BinaryPrimitives.ReadUInt64BigEndian(C.Hex("spiR")),
                lengths, out IkeSaKeys? keys, out _));
            using (keys)
            {
                Assert.Equal(C.Hex("skD"), keys!.SkD.ReadOnlySpan.ToArray());
                Assert.Equal(C.Hex("skAi"), keys.SkAi.ReadOnlySpan.ToArray());
                Assert.Equal(C.Hex("skAr"), keys.SkAr.ReadOnlySpan.ToArray());
                Assert.Equal(C.Hex("skEi"), keys.SkEi.ReadOnlySpan.ToArray());
                Assert.Equal(C.Hex("skEr"), keys.SkEr.ReadOnlySpan.ToArray());
                Assert.Equal(C.Hex("skPi"), keys.SkPi.ReadOnlySpan.ToArray());
                Assert.Equal(C.Hex("skPr"), keys.SkPr.ReadOnlySpan.ToArray());
                Assert.DoesNotContain(Convert.ToHexString(keys.SkD.ReadOnlySpan), keys.ToString(), StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void First_child_sa_keys_from_sk_d_without_pfs()
    {
        using var prf = KdfPrfs.ForHash(C.Text("prf"));
        var lengths = new ChildSaKeyLengths(C.Int("childEncryptionKeyLength"), C.Int("childIntegrityKeyLength"));
        Assert.True(Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, C.Hex("skD"), ReadOnlySpan<byte>.Empty, C.Hex("ni"), C.Hex("nr"),
            lengths, out ChildSaKeys? keys, out _));
        using (keys)
        {
            Assert.Equal(C.Hex("childEncrInit"), keys!.InitiatorEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(C.Hex("childAuthInit"), keys.InitiatorIntegrityKey.ReadOnlySpan.ToArray());
            Assert.Equal(C.Hex("childEncrResp"), keys.ResponderEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(C.Hex("childAuthResp"), keys.ResponderIntegrityKey.ReadOnlySpan.ToArray());
        }
    }

    [Fact]
    public void Maced_id_is_prf_of_sk_p_over_the_id_payload_body()
    {
        using var prf = KdfPrfs.ForHash(C.Text("prf"));
        byte[] message = [0x21, 0x20, 0x22, 0x08];
        byte[] nonce = [1, 2, 3];
        Assert.True(Ikev2SignedOctets.TryGetLength(prf, message.Length, nonce.Length, 0, out int length, out _));
        var octets = new byte[length];
        Assert.True(Ikev2SignedOctets.TryBuild(prf, message, nonce, C.Hex("macedIdKey"), C.Hex("macedIdData"),
            ReadOnlySpan<byte>.Empty, octets, out int written, out _));
        Assert.Equal(length, written);
        Assert.Equal([.. message, .. nonce, .. C.Hex("macedId")], octets);
    }
}
