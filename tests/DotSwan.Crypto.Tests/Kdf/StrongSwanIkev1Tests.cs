using System.Globalization;
using System.Text;
using System.Text.Json;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// A real IKEv1 exchange with strongSwan 5.9.8 (lab capture "ikev1": Main Mode, PSK, AES_CBC_128/HMAC_SHA2_256_128/
/// PRF_HMAC_SHA2_256/MODP_2048; Quick Mode with PFS, ESP AES_CBC_128/HMAC_SHA2_256_128). Inputs come from the captured
/// messages (TestData/kdf/strongswan/ikev1-messages.json, from ikev1.pcap) and the DH secrets charon logged; everything
/// derived is compared with charon's key-level log and with the encrypted messages themselves (which we decrypt).
/// </summary>
public sealed class StrongSwanIkev1Tests
{
    // The lab's pre-shared key: /work/shared/lab/conf/swanctl/ikev1.conf.in, line 33.
    private static readonly byte[] PreSharedKey = Encoding.ASCII.GetBytes("lab-psk-0123456789abcdef");
    private const byte Sa = 1, KeyExchange = 4, Identification = 5, Hash = 8, Nonce = 10;
    private const int AesBlock = 16;

    private static readonly CharonLog Log = new("ikev1-initiator.charon.log");
    private static readonly Dictionary<int, IsakmpTestMessage> Frames = KdfTestData.Cases(Path.Combine("strongswan", "ikev1-messages.json"))
        .ToDictionary(c => c.Int("frame"), c => new IsakmpTestMessage(c.Hex("isakmp")));

    private static byte[] PlainPayload(int frame, byte type) => IsakmpTestMessage.PayloadBody(Frames[frame].PlainChain, Frames[frame].FirstPayload, type);

    private static ulong CookieI => Frames[1].CookieI;

    private static ulong CookieR => Frames[2].CookieR;

    private static Ikev1Keys Phase1Keys(IPrf prf)
    {
        Assert.True(Ikev1KeyDerivation.TryComputeSkeyidPreSharedKey(prf, PreSharedKey, PlainPayload(3, Nonce), PlainPayload(4, Nonce),
            out SecretBytes? skeyid, out _));
        using (skeyid)
        {
            Assert.True(Ikev1KeyDerivation.TryDeriveKeys(prf, skeyid!.ReadOnlySpan, Log.Dump("shared Diffie Hellman secret"), CookieI, CookieR,
                out Ikev1Keys? keys, out _));
            return keys!;
        }
    }

    private static Ikev1IvState Phase1Iv()
    {
        Assert.True(Ikev1IvState.TryCreatePhase1(Ikev1HashFunction.Sha256, PlainPayload(3, KeyExchange), PlainPayload(4, KeyExchange), AesBlock,
            out Ikev1IvState? iv, out _));
        return iv!;
    }

    private static byte[] EncryptionKey(IPrf prf, Ikev1Keys keys)
    {
        var ka = new byte[16];
        Assert.True(Ikev1KeyDerivation.TryComputeEncryptionKey(prf, keys.SkeyidE.ReadOnlySpan, ka, out _));
        return ka;
    }

    [Fact]
    public void Psk_nonces_and_dh_secret_give_charons_skeyid_family_and_encryption_key()
    {
        Assert.Contains("AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", Log.Message("selected proposal: IKE:"), StringComparison.Ordinal);
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        using Ikev1Keys keys = Phase1Keys(prf);
        Assert.Equal(Log.Dump("SKEYID"), keys.Skeyid.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("SKEYID_d"), keys.SkeyidD.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("SKEYID_a"), keys.SkeyidA.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("SKEYID_e"), keys.SkeyidE.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("encryption key Ka"), EncryptionKey(prf, keys));
    }

    [Fact]
    public void Main_mode_iv_chain_decrypts_messages_5_and_6_whose_hashes_we_compute()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        using Ikev1Keys keys = Phase1Keys(prf);
        byte[] ka = EncryptionKey(prf, keys);
        Ikev1IvState iv = Phase1Iv();
        Assert.Equal(Log.Dump("initial IV"), iv.Current.ToArray());

        byte[] gxi = PlainPayload(3, KeyExchange), gxr = PlainPayload(4, KeyExchange), saiB = PlainPayload(1, Sa);
        var hash = new byte[prf.OutputLength];

        // Message 5 (initiator): ID, HASH_I.
        byte[] plain5 = Frames[5].DecryptAesCbc(ka, iv.Current);
        byte[] idiiB = IsakmpTestMessage.PayloadBody(plain5, Frames[5].FirstPayload, Identification);
        Assert.True(Ikev1Hashes.TryComputeHashI(prf, keys.Skeyid.ReadOnlySpan, gxi, gxr, CookieI, CookieR, saiB, idiiB, hash, out _));
        Assert.Equal(Log.Dump("HASH_I"), hash);
        Assert.True(Ikev1Hashes.Matches(hash, IsakmpTestMessage.PayloadBody(plain5, Frames[5].FirstPayload, Hash)));
        byte[] hashIData = [.. gxi, .. gxr, .. Frames[1].Bytes.AsSpan(0, 8), .. Frames[2].Bytes.AsSpan(8, 8), .. saiB, .. idiiB];
        Assert.Equal(Log.Dump("HASH_I data"), hashIData);

        Assert.True(iv.TryAdvance(Frames[5].Body, out _));
        Assert.Equal(Log.Dump("next IV for MID 0", 0), iv.Current.ToArray());

        // Message 6 (responder): ID, HASH_R.
        byte[] plain6 = Frames[6].DecryptAesCbc(ka, iv.Current);
        byte[] idirB = IsakmpTestMessage.PayloadBody(plain6, Frames[6].FirstPayload, Identification);
        Assert.True(Ikev1Hashes.TryComputeHashR(prf, keys.Skeyid.ReadOnlySpan, gxi, gxr, CookieI, CookieR, saiB, idirB, hash, out _));
        Assert.Equal(Log.Dump("HASH_R"), hash);
        Assert.True(Ikev1Hashes.Matches(hash, IsakmpTestMessage.PayloadBody(plain6, Frames[6].FirstPayload, Hash)));

        Assert.True(iv.TryAdvance(Frames[6].Body, out _));
        Assert.Equal(Log.Dump("next IV for MID 0", 1), iv.Current.ToArray());
    }

    [Fact]
    public void Quick_mode_iv_hashes_and_keymat_match_charon()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        using Ikev1Keys keys = Phase1Keys(prf);
        byte[] ka = EncryptionKey(prf, keys);
        Ikev1IvState phase1 = Phase1Iv();
        Assert.True(phase1.TryAdvance(Frames[5].Body, out _));
        Assert.True(phase1.TryAdvance(Frames[6].Body, out _));

        uint messageId = Frames[7].MessageId;
        Assert.True(phase1.TryCreateExchange(Ikev1HashFunction.Sha256, messageId, out Ikev1IvState? iv, out _));
        var chain = new List<byte[]> { iv!.Current.ToArray() };
        var hash = new byte[prf.OutputLength];

        // HASH(1) over the rest of message 7 (SA, Ni, KE, IDci, IDcr).
        byte[] plain7 = Frames[7].DecryptAesCbc(ka, iv.Current);
        var payloads7 = IsakmpTestMessage.Walk(plain7, Frames[7].FirstPayload);
        Assert.Equal(Hash, payloads7[0].Type);
        byte[] rest7 = plain7[payloads7[0].End..payloads7[^1].End];
        Assert.True(Ikev1Hashes.TryComputeQuickModeHash1(prf, keys.SkeyidA.ReadOnlySpan, messageId, rest7, hash, out _));
        Assert.Equal(Log.Dump("Hash(1)"), hash);
        Assert.True(Ikev1Hashes.Matches(hash, plain7.AsSpan()[(payloads7[0].Start + 4)..payloads7[0].End]));
        byte[] niB = IsakmpTestMessage.PayloadBody(plain7, Frames[7].FirstPayload, Nonce);
        Assert.True(iv.TryAdvance(Frames[7].Body, out _));
        chain.Add(iv.Current.ToArray());

        // HASH(2) = prf(SKEYID_a, M-ID | Ni_b | rest of message 8).
        byte[] plain8 = Frames[8].DecryptAesCbc(ka, iv.Current);
        var payloads8 = IsakmpTestMessage.Walk(plain8, Frames[8].FirstPayload);
        byte[] rest8 = plain8[payloads8[0].End..payloads8[^1].End];
        Assert.True(Ikev1Hashes.TryComputeQuickModeHash2(prf, keys.SkeyidA.ReadOnlySpan, messageId, niB, rest8, hash, out _));
        Assert.Equal(Log.Dump("Hash(2)"), hash);
        Assert.True(Ikev1Hashes.Matches(hash, plain8.AsSpan()[(payloads8[0].Start + 4)..payloads8[0].End]));
        byte[] nrB = IsakmpTestMessage.PayloadBody(plain8, Frames[8].FirstPayload, Nonce);
        Assert.True(iv.TryAdvance(Frames[8].Body, out _));
        chain.Add(iv.Current.ToArray());

        // HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b).
        byte[] plain9 = Frames[9].DecryptAesCbc(ka, iv.Current);
        Assert.True(Ikev1Hashes.TryComputeQuickModeHash3(prf, keys.SkeyidA.ReadOnlySpan, messageId, niB, nrB, hash, out _));
        Assert.Equal(Log.Dump("Hash(3)"), hash);
        Assert.True(Ikev1Hashes.Matches(hash, IsakmpTestMessage.PayloadBody(plain9, Frames[9].FirstPayload, Hash)));
        Assert.True(iv.TryAdvance(Frames[9].Body, out _));
        chain.Add(iv.Current.ToArray());

        // Every IV charon logged for this exchange is one of the states of our chain.
        string label = $"next IV for MID {messageId.ToString(CultureInfo.InvariantCulture)}";
        for (int i = 0; i < 4; i++)
        {
            byte[] logged = Log.Dump(label, i);
            Assert.Contains(chain, state => state.AsSpan().SequenceEqual(logged));
        }

        // KEYMAT with PFS: SPIs from "CHILD_SA net{1} established with SPIs c56216b4_i 4f557750_o" (we are the initiator).
        string[] spis = Log.Message("CHILD_SA net{1} established with SPIs ").Split(' ')[5..7];
        uint initiatorSpi = uint.Parse(spis[0].TrimEnd('i', '_'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        uint responderSpi = uint.Parse(spis[1].TrimEnd('o', '_'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        byte[] gxyQm = Log.Dump("DH secret");
        byte[] initiatorSeed = [.. gxyQm, 3, .. BigEndian(responderSpi), .. niB, .. nrB];
        Assert.Equal(Log.Dump("initiator SA seed"), initiatorSeed);
        Assert.True(Ikev1KeyDerivation.TryDeriveQuickModeKeys(prf, keys.SkeyidD.ReadOnlySpan, gxyQm, 3, initiatorSpi, responderSpi, niB, nrB,
            new ChildSaKeyLengths(EncryptionKeyLength: 16, IntegrityKeyLength: 32), out ChildSaKeys? child, out _));
        using (child)
        {
            Assert.Equal(Log.Dump("encryption initiator key"), child!.InitiatorEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(Log.Dump("integrity initiator key"), child.InitiatorIntegrityKey.ReadOnlySpan.ToArray());
            Assert.Equal(Log.Dump("encryption responder key"), child.ResponderEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(Log.Dump("integrity responder key"), child.ResponderIntegrityKey.ReadOnlySpan.ToArray());
        }
    }

    [Theory]
    [InlineData(16, 0)] // Delete of the ESP SA
    [InlineData(17, 1)] // Delete of the ISAKMP SA
    public void Informational_iv_and_hash_match_charon(int frame, int occurrence)
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        using Ikev1Keys keys = Phase1Keys(prf);
        Ikev1IvState phase1 = Phase1Iv();
        Assert.True(phase1.TryAdvance(Frames[5].Body, out _));
        Assert.True(phase1.TryAdvance(Frames[6].Body, out _));

        IsakmpTestMessage message = Frames[frame];
        Assert.True(phase1.TryCreateExchange(Ikev1HashFunction.Sha256, message.MessageId, out Ikev1IvState? iv, out _));
        Assert.Equal(Log.Dump($"next IV for MID {message.MessageId.ToString(CultureInfo.InvariantCulture)}"), iv!.Current.ToArray());
        byte[] plain = message.DecryptAesCbc(EncryptionKey(prf, keys), iv.Current);
        var payloads = IsakmpTestMessage.Walk(plain, message.FirstPayload);
        var hash = new byte[prf.OutputLength];
        Assert.True(Ikev1Hashes.TryComputeInformationalHash(prf, keys.SkeyidA.ReadOnlySpan, message.MessageId,
            plain.AsSpan()[payloads[0].End..payloads[^1].End], hash, out _));
        Assert.Equal(Log.Dump("Hash", occurrence), hash);
        Assert.True(Ikev1Hashes.Matches(hash, plain.AsSpan()[(payloads[0].Start + 4)..payloads[0].End]));
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
