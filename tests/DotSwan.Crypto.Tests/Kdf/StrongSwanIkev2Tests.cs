using System.Buffers.Binary;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// A real IKEv2 exchange with strongSwan 5.9.8 (lab capture "psk": IKE AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519,
/// PSK authentication, ESP AES_GCM_16_128), logged at key level in TestData/kdf/strongswan/psk-initiator.charon.log.
/// From the logged DH secret, nonces and SPIs we derive everything charon logged after them.
/// </summary>
public sealed class StrongSwanIkev2Tests
{
    private const int NonceLength = 32; // both Nonce payloads are 32 bytes (psk.decode.txt lines 121 and 292)
    private static readonly CharonLog Log = new("psk-initiator.charon.log");

    // The Child SA seed (no PFS) is Ni | Nr.
    private static byte[] Ni => Log.Dump("seed")[..NonceLength];

    private static byte[] Nr => Log.Dump("seed")[NonceLength..];

    // Signed octets start with the IKE header of the message: SPIi from message 1, SPIr from message 2.
    private static ulong SpiI => BinaryPrimitives.ReadUInt64BigEndian(Log.Dump("octets = message + nonce + prf(Sk_px, IDx')", 0));

    private static ulong SpiR => BinaryPrimitives.ReadUInt64BigEndian(Log.Dump("octets = message + nonce + prf(Sk_px, IDx')", 1).AsSpan(8));

    private static IkeSaKeys DeriveIkeSaKeys(IPrf prf)
    {
        Assert.Contains("AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", Log.Message("selected proposal: IKE:"), StringComparison.Ordinal);
        Assert.True(Ikev2KeyDerivation.TryComputeSkeyseed(prf, Ni, Nr, Log.Dump("shared Diffie Hellman secret"), out SecretBytes? skeyseed, out _));
        using (skeyseed)
        {
            Assert.Equal(Log.Dump("SKEYSEED"), skeyseed!.ReadOnlySpan.ToArray());

            // AES-GCM-256: 32-byte key + 4-byte salt (RFC 5282), no integrity key.
            Assert.True(Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, skeyseed.ReadOnlySpan, Ni, Nr, SpiI, SpiR,
                new IkeSaKeyLengths(PrfKeyLength: 32, IntegrityKeyLength: 0, EncryptionKeyLength: 36), out IkeSaKeys? keys, out _));
            return keys!;
        }
    }

    [Fact]
    public void Dh_secret_nonces_and_spis_give_charons_skeyseed_and_sk_keys()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        using IkeSaKeys keys = DeriveIkeSaKeys(prf);
        Assert.Equal(Log.Dump("Sk_d secret"), keys.SkD.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("Sk_ei secret"), keys.SkEi.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("Sk_er secret"), keys.SkEr.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("Sk_pi secret"), keys.SkPi.ReadOnlySpan.ToArray());
        Assert.Equal(Log.Dump("Sk_pr secret"), keys.SkPr.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void Sk_d_gives_charons_esp_keys()
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        using IkeSaKeys ike = DeriveIkeSaKeys(prf);

        // ESP AES_GCM_16_128: 16-byte key + 4-byte salt (RFC 4106).
        Assert.True(Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, ike.SkD.ReadOnlySpan, ReadOnlySpan<byte>.Empty, Ni, Nr,
            new ChildSaKeyLengths(EncryptionKeyLength: 20, IntegrityKeyLength: 0), out ChildSaKeys? child, out _));
        using (child)
        {
            Assert.Equal(Log.Dump("encryption initiator key"), child!.InitiatorEncryptionKey.ReadOnlySpan.ToArray());
            Assert.Equal(Log.Dump("encryption responder key"), child.ResponderEncryptionKey.ReadOnlySpan.ToArray());
        }
    }

    [Theory]
    [InlineData(0)] // initiator: IKE_SA_INIT request | Nr | prf(SK_pi, IDi')
    [InlineData(1)] // responder: IKE_SA_INIT response | Ni | prf(SK_pr, IDr')
    public void Signed_octets_and_psk_auth_match_charon(int side)
    {
        using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
        using IkeSaKeys keys = DeriveIkeSaKeys(prf);
        byte[] logged = Log.Dump("octets = message + nonce + prf(Sk_px, IDx')", side);
        byte[] peerNonce = side == 0 ? Nr : Ni;
        byte[] message = logged[..^(peerNonce.Length + prf.OutputLength)];
        Assert.True(message.AsSpan().IndexOf(side == 0 ? Ni : Nr) > 28); // its own Nonce payload is inside the message
        var octets = new byte[logged.Length];
        Assert.True(Ikev2SignedOctets.TryBuild(prf, message, peerNonce, side == 0 ? keys.SkPi.ReadOnlySpan : keys.SkPr.ReadOnlySpan,
            Log.Dump("IDx'", side), ReadOnlySpan<byte>.Empty, octets, out int written, out _));
        Assert.Equal(logged.Length, written);
        Assert.Equal(logged, octets);

        byte[] psk = Log.Dump("secret", side);
        var auth = new byte[prf.OutputLength];
        Assert.True(Ikev2SharedKeyAuth.TryCompute(prf, psk, octets, auth, out _));
        Assert.Equal(Log.Dump("AUTH = prf(prf(secret, keypad), octets)", side), auth);
        Assert.True(Ikev2SharedKeyAuth.Verify(prf, psk, octets, auth));

        auth[^1] ^= 1;
        Assert.False(Ikev2SharedKeyAuth.Verify(prf, psk, octets, auth));
        Assert.False(Ikev2SharedKeyAuth.Verify(prf, psk, octets, auth.AsSpan(0, 31)));
    }
}
