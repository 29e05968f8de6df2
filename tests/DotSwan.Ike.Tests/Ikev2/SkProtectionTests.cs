using DotSwan.Crypto;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.KeyLog;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Ikev2;

public sealed class SkProtectionTests
{
    /// <summary>
    /// Every SK payload of strongSwan's captures opens with the keys its save-keys plugin logged, its inner chain
    /// decodes, and sealing it again with the same IV gives the captured bytes. Some SAs were logged twice with
    /// different keys (both peers logged them), so each logged key set with the message's SPIs is tried; SAs that
    /// were never logged are passed over.
    /// </summary>
    [Theory]
    [InlineData("psk", "")]
    [InlineData("cert", "")]
    [InlineData("natt", "")]
    // The IKE SAs that came from a rekey were logged with keys that open none of their messages, in tshark
    // either; their keys are re-derived from the rekey exchange in DotSwan.Crypto.Tests (Kdf) instead.
    [InlineData("rekey", "4f971f84049c31fc")]
    [InlineData("rekey-collision", "54f11eb35a754b48")]
    public void Opens_and_reseals_every_sk_payload_of_the_captures(string capture, string saWithUnusableLoggedKeys)
    {
        var keys = File.ReadLines(PcapFile.PathOf(capture + ".ikev2_decryption_table"))
            .Select(line => { Assert.True(Ikev2DecryptionTableEntry.TryParse(line, out var e, out var err), err); return e!; })
            .ToLookup(e => (e.InitiatorSpi, e.ResponderSpi));
        int opened = 0;
        var unopened = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var datagram in PcapFile.ReadUdp(PcapFile.PathOf(capture + ".pcap")).Where(d => d.IsIke))
        {
            var bytes = datagram.IkeMessage.ToArray();
            Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out var decodeError), decodeError.ToString());
            if (message!.Payloads[^1] is not EncryptedPayload sk) { continue; }
            int bodyOffset = bytes.Length - sk.Body.Length;
            var logged = keys[(message.Header.InitiatorSpi, message.Header.ResponderSpi)];
            if (!logged.Any())
            {
                continue; // some rekeyed SAs were never logged by save-keys
            }
            var plaintext = new byte[sk.Body.Length];
            SkProtection? protection = null;
            int chainLength = 0;
            foreach (var entry in logged)
            {
                var candidate = CreateProtection(entry, message.Header.IsInitiator);
                if (candidate.TryOpen(bytes, bodyOffset, plaintext, out chainLength, out _)) { protection = candidate; break; }
                candidate.Dispose();
            }
            if (protection is null)
            {
                unopened.Add($"{message.Header.InitiatorSpi:x16}");
                continue;
            }
            using (protection)
            {
                Assert.True(Ikev2PayloadChain.TryDecode(sk.FirstInnerPayload, plaintext.AsSpan(0, chainLength), bodyOffset, out var inner, out decodeError),
                    $"frame {datagram.Frame}: {decodeError}");
                if (sk.FirstInnerPayload == Ikev2PayloadType.None)
                {
                    Assert.Empty(inner); // an empty INFORMATIONAL: a liveness check or its answer
                }
                else
                {
                    Assert.Equal(sk.FirstInnerPayload, inner[0].PayloadType);
                }

                // strongSwan pads AEAD payloads minimally, so the same IV and chain must give the same message.
                var resealed = bytes.ToArray();
                resealed.AsSpan(bodyOffset).Clear();
                Assert.True(protection.TrySeal(resealed, bodyOffset, bytes.AsSpan(bodyOffset, protection.IvLength), plaintext.AsSpan(0, chainLength), out var error), error.ToString());
                Assert.Equal(bytes, resealed);
            }
            opened++;
        }
        Assert.Equal(saWithUnusableLoggedKeys, string.Join(",", unopened));
        Assert.True(opened >= 2, $"only {opened} SK payloads in {capture}");
    }

    [Fact]
    public void A_flipped_bit_anywhere_in_header_or_body_fails_authentication()
    {
        var (bytes, bodyOffset, protection) = LoadFrame("psk", 3);
        using (protection)
        {
            var plaintext = new byte[bytes.Length];
            for (int i = 0; i < bytes.Length; i += 7)
            {
                var tampered = bytes.ToArray();
                tampered[i] ^= 0x01;
                Assert.False(protection.TryOpen(tampered, bodyOffset, plaintext, out _, out var error));
                Assert.Equal(CryptoErrorKind.AuthenticationFailed, error.Kind);
            }
            Assert.True(protection.TryOpen(bytes, bodyOffset, plaintext, out _, out _));
        }
    }

    [Fact]
    public void Short_bodies_and_bad_offsets_are_refused_without_exceptions()
    {
        var (bytes, bodyOffset, protection) = LoadFrame("psk", 3);
        using (protection)
        {
            var plaintext = new byte[bytes.Length];
            Assert.False(protection.TryOpen(bytes.AsSpan(0, bodyOffset + 10), bodyOffset, plaintext, out _, out var error));
            Assert.Equal(CryptoErrorKind.InvalidLength, error.Kind);
            Assert.False(protection.TryOpen(bytes, bytes.Length + 1, plaintext, out _, out _));
            Assert.False(protection.TryOpen(bytes, -1, plaintext, out _, out _));
            Assert.False(protection.TryOpen(bytes, bodyOffset, new byte[3], out _, out _));
        }
    }

    [Fact]
    public void Cbc_with_hmac_round_trips_and_detects_tampering()
    {
        var registry = TransformRegistry.Default;
        Assert.True(registry.TryCreateCipher(EncryptionAlgorithm.AesCbc, 128, new byte[16], out var cipher, out var e1), e1.ToString());
        Assert.True(registry.TryCreateIntegrity(IntegrityAlgorithm.HmacSha256128, new byte[32], out var integrity, out var e2), e2.ToString());
        using var protection = new SkProtection(cipher!, integrity!);
        var chain = Enumerable.Range(0, 37).Select(i => (byte)i).ToArray();
        const int bodyOffset = 32;
        var message = new byte[bodyOffset + protection.GetBodyLength(chain.Length)];
        message.AsSpan(0, bodyOffset).Fill(0xab);
        var iv = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();
        Assert.True(protection.TrySeal(message, bodyOffset, iv, chain, out var error), error.ToString());
        Assert.Equal(0, (message.Length - bodyOffset - 16 - 16) % 16);

        var plaintext = new byte[message.Length];
        Assert.True(protection.TryOpen(message, bodyOffset, plaintext, out int length, out error), error.ToString());
        Assert.Equal(chain, plaintext[..length]);

        message[5] ^= 0x80; // header bytes are covered by the ICV too
        Assert.False(protection.TryOpen(message, bodyOffset, plaintext, out _, out error));
        Assert.Equal(CryptoErrorKind.AuthenticationFailed, error.Kind);
    }

    private static (byte[] Bytes, int BodyOffset, SkProtection Protection) LoadFrame(string capture, int frame)
    {
        var datagram = PcapFile.ReadUdp(PcapFile.PathOf(capture + ".pcap")).Single(d => d.Frame == frame);
        var bytes = datagram.IkeMessage.ToArray();
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out _));
        var sk = (EncryptedPayload)message!.Payloads[^1];
        var line = File.ReadLines(PcapFile.PathOf(capture + ".ikev2_decryption_table")).First();
        Assert.True(Ikev2DecryptionTableEntry.TryParse(line, out var entry, out _));
        return (bytes, bytes.Length - sk.Body.Length, CreateProtection(entry!, message.Header.IsInitiator));
    }

    private static SkProtection CreateProtection(Ikev2DecryptionTableEntry entry, bool sentByInitiator)
    {
        var key = sentByInitiator ? entry.EncryptionKeyInitiator : entry.EncryptionKeyResponder;
        Assert.True(TransformRegistry.Default.TryCreateAead(entry.Encryption, entry.EncryptionKeyLengthBits, key, out var aead, out var error), error.ToString());
        return new SkProtection(aead!);
    }
}
