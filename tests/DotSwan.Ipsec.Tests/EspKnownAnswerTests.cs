using DotSwan.Crypto;
using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec.Tests;

/// <summary>Published ESP packets: draft-mcgrew-gcm-test-01 (AES-GCM, ESN) and RFC 7634 Appendix A (ChaCha20-Poly1305).</summary>
public sealed class EspKnownAnswerTests
{
    public static TheoryData<int> GcmCases()
    {
        var data = new TheoryData<int>();
        foreach (var vector in EspVector.Load("esp-aes-gcm-draft-mcgrew-gcm-test-01.txt"))
        {
            data.Add(vector.Index);
        }

        return data;
    }

    [Fact]
    public void Gcm_vector_file_has_the_eleven_snabb_cases()
        => Assert.Equal(11, EspVector.Load("esp-aes-gcm-draft-mcgrew-gcm-test-01.txt").Count);

    [Theory]
    [MemberData(nameof(GcmCases))]
    public void Gcm_draft_case_seals_to_the_published_packet(int index)
    {
        var v = EspVector.Load("esp-aes-gcm-draft-mcgrew-gcm-test-01.txt")[index - 1];
        using var transform = GcmTransform(v);
        var (payload, nextHeader) = SplitTrailer(v.Plain);

        var packet = new byte[EspPacket.SealedLength(transform, payload.Length)];
        var status = EspPacket.Seal(transform, v.Spi, v.Sequence, extendedSequenceNumbers: true, v.Iv, payload, nextHeader, 0, packet, out int written);

        Assert.Equal(EspStatus.Ok, status);
        Assert.Equal(Convert.ToHexString(ExpectedPacket(v)), Convert.ToHexString(packet.AsSpan(0, written)));
    }

    [Theory]
    [MemberData(nameof(GcmCases))]
    public void Gcm_draft_case_opens_to_the_published_plaintext(int index)
    {
        var v = EspVector.Load("esp-aes-gcm-draft-mcgrew-gcm-test-01.txt")[index - 1];
        using var transform = GcmTransform(v);
        var packet = ExpectedPacket(v);
        var (payload, nextHeader) = SplitTrailer(v.Plain);

        var status = EspPacket.Open(transform, v.Sequence, extendedSequenceNumbers: true, packet, out var result);

        Assert.Equal(EspStatus.Ok, status);
        Assert.Equal(nextHeader, result.NextHeader);
        Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(packet.AsSpan(result.PayloadRange)));
    }

    [Theory]
    [MemberData(nameof(GcmCases))]
    public void Gcm_draft_case_fails_with_a_wrong_seq_hi(int index)
    {
        // The ESN high half is only in the AAD: a receiver that guesses it wrong must see a bad ICV.
        var v = EspVector.Load("esp-aes-gcm-draft-mcgrew-gcm-test-01.txt")[index - 1];
        using var transform = GcmTransform(v);
        var packet = ExpectedPacket(v);

        var status = EspPacket.Open(transform, v.Sequence ^ (1UL << 40), extendedSequenceNumbers: true, packet, out _);

        Assert.Equal(EspStatus.BadIcv, status);
    }

    [Fact]
    public void Gcm_draft_case_with_sequence_one_goes_through_an_inbound_esn_sa()
    {
        // Cases 4 and 6 have the 64-bit sequence number 1, which a fresh ESN window infers (seq_hi = 0).
        foreach (var v in EspVector.Load("esp-aes-gcm-draft-mcgrew-gcm-test-01.txt").Where(v => v.Sequence == 1))
        {
            var settings = TestSas.Settings(SaDirection.Inbound, v.Spi, EncryptionAlgorithm.AesGcm16, v.Key.Length * 8, IntegrityAlgorithm.None,
                IpsecMode.Transport, esn: true);
            Assert.True(SecurityAssociation.TryCreate(settings, v.KeyMaterial, [], TestSas.T0, out var sa, out var error), error.ToString());
            using (sa)
            {
                var packet = ExpectedPacket(v);
                Assert.Equal(EspStatus.Ok, sa!.TryDecapsulate(packet, out var result));
                Assert.Equal(1UL, result.SequenceNumber);
                Assert.Equal(Convert.ToHexString(SplitTrailer(v.Plain).Payload), Convert.ToHexString(packet.AsSpan(result.PayloadRange)));
                Assert.Equal(EspStatus.ReplayDuplicate, sa.TryDecapsulate(ExpectedPacket(v), out _));
            }
        }
    }

    [Fact]
    public void Rfc7634_esp_example_round_trips_through_sas()
    {
        var v = Assert.Single(EspVector.Load("esp-chacha20-poly1305-rfc7634.txt"));
        var expected = ExpectedPacket(v);
        var (payload, nextHeader) = SplitTrailer(v.Plain);
        Assert.Equal(EspPacket.NextHeaderIpv4, nextHeader);

        var outSettings = TestSas.Settings(SaDirection.Outbound, v.Spi, EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None);
        Assert.True(SecurityAssociation.TryCreate(outSettings, v.KeyMaterial, [], TestSas.T0, out var outbound, out var error), error.ToString());
        using (outbound)
        {
            outbound!.SetNextSequenceNumber(v.Sequence);
            var packet = new byte[outbound.EncapsulatedLength(payload.Length)];
            Assert.Equal(EspStatus.Ok, outbound.TryEncapsulateWithIv(payload, nextHeader, v.Iv, packet, out int written));
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(packet.AsSpan(0, written)));
            Assert.Equal(v.Sequence + 1, outbound.NextSequenceNumber);
        }

        var inSettings = outSettings with { Direction = SaDirection.Inbound };
        Assert.True(SecurityAssociation.TryCreate(inSettings, v.KeyMaterial, [], TestSas.T0, out var inbound, out error), error.ToString());
        using (inbound)
        {
            var received = expected.ToArray();
            Assert.Equal(EspStatus.Ok, inbound!.TryDecapsulate(received, out var result));
            Assert.Equal(EspPacket.NextHeaderIpv4, result.NextHeader);
            Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(received.AsSpan(result.PayloadRange)));
            Assert.Equal(5UL, inbound.ReplayWindow!.Highest);
        }
    }

    private static EspTransform GcmTransform(EspVector v)
    {
        Assert.True(EspTransform.TryCreate(TransformRegistry.Default, EncryptionAlgorithm.AesGcm16, v.Key.Length * 8, v.KeyMaterial,
            IntegrityAlgorithm.None, [], out var transform, out var error), error.ToString());
        return transform!;
    }

    internal static byte[] ExpectedPacket(EspVector v)
    {
        var header = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, v.Spi);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)v.Sequence);
        return [.. header, .. v.Iv, .. v.CipherAndTag];
    }

    // plain = payload || padding || pad length || next header
    internal static (byte[] Payload, byte NextHeader) SplitTrailer(byte[] plain)
        => (plain[..^(plain[^2] + 2)], plain[^1]);
}
