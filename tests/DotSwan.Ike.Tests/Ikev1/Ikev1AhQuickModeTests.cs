using System.Buffers.Binary;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>Quick Mode with AH (RFC 2407 §4.4.3) instead of ESP: proposals, selection, KEYMAT per protocol and SPI, rekey.</summary>
public sealed class Ikev1AhQuickModeTests
{
    private static Func<Ikev1Connection, Ikev1Connection> Ah(string proposals, Ikev1KeyProtection? protection = null) =>
        c => c with { AhProposals = ProposalParser.ParseList(proposals, ProposalProtocol.Ah), KeyProtection = protection ?? c.KeyProtection };

    [Theory]
    [InlineData("sha256", IntegrityAlgorithm.HmacSha256128, 32, false)]
    [InlineData("sha1", IntegrityAlgorithm.HmacSha196, 20, false)]
    [InlineData("sha256", IntegrityAlgorithm.HmacSha256128, 32, true)]
    public void An_ah_only_quick_mode_installs_ah_pairs_keyed_per_rfc_2409_keymat(string proposal, IntegrityAlgorithm integrity, int keyLength, bool sunInitiates)
    {
        using var pair = new Ikev1EnginePair(configureMoon: Ah(proposal), configureSun: Ah(proposal));
        var initiator = sunInitiates ? pair.Sun : pair.Moon;
        pair.Network.Emit(initiator, initiator.Ikev1Engine.Initiate(sunInitiates ? pair.SunConnection : pair.MoonConnection, pair.Network.Now, out var id));
        // Short of the linger time: the Quick Mode exchange (and its nonces) is still kept for the KEYMAT check below.
        pair.Network.Run(TimeSpan.FromSeconds(10));

        var moon = Assert.Single(pair.Moon.Of<InstallChildSa>());
        var sun = Assert.Single(pair.Sun.Of<InstallChildSa>());
        foreach (var install in new[] { moon, sun })
        {
            Assert.Equal(ProposalProtocol.Ah, install.Protocol);
            Assert.Equal(EncryptionAlgorithm.Null, install.Encryption.Algorithm);
            Assert.Equal(integrity, install.Integrity);
            Assert.Equal(0, install.Inbound.EncryptionKey.Length);
            Assert.Equal(0, install.Outbound.EncryptionKey.Length);
            Assert.Equal(keyLength, install.Inbound.IntegrityKey.Length);
            Assert.Equal(keyLength, install.Outbound.IntegrityKey.Length);
            Assert.Equal(ProposalProtocol.Ah, install.Suite.Protocol);
        }
        Assert.Equal(moon.Inbound.Spi, sun.Outbound.Spi);
        Assert.Equal(moon.Outbound.Spi, sun.Inbound.Spi);
        Assert.True(moon.Outbound.IntegrityKey.ReadOnlySpan.SequenceEqual(sun.Inbound.IntegrityKey.ReadOnlySpan));
        Assert.True(moon.Inbound.IntegrityKey.ReadOnlySpan.SequenceEqual(sun.Outbound.IntegrityKey.ReadOnlySpan));
        Assert.False(moon.Inbound.IntegrityKey.ReadOnlySpan.SequenceEqual(moon.Outbound.IntegrityKey.ReadOnlySpan));

        // RFC 2409 §5.5, recomputed here with .NET's HMAC-SHA-256 (the phase 1 PRF of aes256-sha256-ecp256):
        // KEYMAT = K1 | K2 ..., K1 = prf(SKEYID_d, protocol | SPI | Ni_b | Nr_b), Kn = prf(SKEYID_d, Kn-1 | protocol | SPI | Ni_b | Nr_b),
        // with protocol 2 (PROTO_IPSEC_AH) and the SPI of the receiving side of each direction.
        var sa = initiator.Ikev1Engine.Find(id)!;
        var qm = Assert.Single(sa.QuickModes.Values);
        byte[] skeyidD = sa.Protection!.Keys.SkeyidD.ReadOnlySpan.ToArray();
        var initiatorInstall = sunInitiates ? sun : moon;
        Assert.Equal(Keymat(skeyidD, initiatorInstall.Inbound.Spi, qm.Ni, qm.Nr, keyLength), initiatorInstall.Inbound.IntegrityKey.ReadOnlySpan.ToArray());
        Assert.Equal(Keymat(skeyidD, initiatorInstall.Outbound.Spi, qm.Ni, qm.Nr, keyLength), initiatorInstall.Outbound.IntegrityKey.ReadOnlySpan.ToArray());
        Assert.Empty(pair.Moon.Of<QuickModeFailed>());
        Assert.Empty(pair.Sun.Of<QuickModeFailed>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Esp_offered_to_an_ah_only_responder_or_the_reverse_is_no_proposal_chosen(bool initiatorOffersEsp)
    {
        using var pair = initiatorOffersEsp
            ? new Ikev1EnginePair(configureSun: Ah("sha256"))
            : new Ikev1EnginePair(configureMoon: Ah("sha256"));
        pair.Establish();

        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        Assert.Empty(pair.Sun.Of<InstallChildSa>());
        var sun = Assert.Single(pair.Sun.Of<QuickModeFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, sun.Kind);
        var moon = Assert.Single(pair.Moon.Of<QuickModeFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, moon.Kind);
        Assert.Contains("NO-PROPOSAL-CHOSEN", moon.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ah_pair_is_rekeyed_by_time_and_the_old_ah_pair_deleted_on_both_sides()
    {
        var protection = Ikev1KeyProtection.Default with { SessionKeyLifetime = TimeSpan.FromMinutes(10) };
        using var pair = new Ikev1EnginePair(configureMoon: Ah("sha256", protection), configureSun: Ah("sha256", protection));
        pair.Establish();
        pair.Network.Run(TimeSpan.FromMinutes(25));

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Equal(3, pair.Moon.Of<InstallChildSa>().Count());
        Assert.Equal(3, pair.Sun.Of<InstallChildSa>().Count());
        Assert.All(pair.Moon.Of<InstallChildSa>().Concat(pair.Sun.Of<InstallChildSa>()), i => Assert.Equal(ProposalProtocol.Ah, i.Protocol));
        // The sun removes each old pair on the moon's AH Delete payload, not on its own lifetime (10 min > 9 min rekey + run).
        Assert.Equal(2, pair.Moon.Of<DeleteChildSa>().Count());
        Assert.Equal(2, pair.Sun.Of<DeleteChildSa>().Count());
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Moon));
        Assert.Single(Ikev1EnginePair.LiveChildren(pair.Sun));
        var sunInstalls = pair.Sun.Of<InstallChildSa>().ToDictionary(i => i.Inbound.Spi);
        foreach (var moon in pair.Moon.Of<InstallChildSa>())
        {
            var sun = sunInstalls[moon.Outbound.Spi];
            Assert.Equal(moon.Inbound.Spi, sun.Outbound.Spi);
            Assert.True(moon.Outbound.IntegrityKey.ReadOnlySpan.SequenceEqual(sun.Inbound.IntegrityKey.ReadOnlySpan));
            Assert.True(moon.Inbound.IntegrityKey.ReadOnlySpan.SequenceEqual(sun.Outbound.IntegrityKey.ReadOnlySpan));
        }
    }

    [Fact]
    public void Ah_transforms_carry_the_rfc_2407_transform_id_and_matching_authentication_algorithm()
    {
        var transforms = Ikev1AhTransforms.ToQuickModeTransforms(ProposalParser.ParseList("sha256-sha1-sha512", ProposalProtocol.Ah),
            EncapsulationMode.Tunnel, TimeSpan.FromHours(1));
        var proposal = Ikev1AhTransforms.ToProposal(transforms, new byte[] { 1, 2, 3, 4 });

        Assert.Equal(IpsecProtocolId.Ah, proposal.ProtocolId);
        Assert.Equal([5, 3, 7], proposal.Transforms.Select(t => (int)t.TransformId));
        Assert.Equal([5, 2, 7], proposal.Transforms.Select(t => t.Attributes.Single(a => a.IpsecType == IpsecAttributeType.AuthenticationAlgorithm))
            .Select(a => a.TryGetInteger(out ulong v) ? (int)v : -1));
        Assert.True(Ikev1AhTransforms.TryFromTransform(IpsecProtocolId.Ah, proposal.Transforms[0], out var read, out _));
        Assert.True(read!.MatchesAlgorithms(transforms[0]));

        // AH_SHA (3) with HMAC-SHA2-256 (5) as its Authentication Algorithm is refused, as is a missing attribute.
        var mismatched = proposal.Transforms[1] with
        {
            Attributes = [.. proposal.Transforms[1].Attributes.Select(a => a.IpsecType == IpsecAttributeType.AuthenticationAlgorithm
                ? IsakmpAttribute.Tv((ushort)IpsecAttributeType.AuthenticationAlgorithm, 5) : a)],
        };
        Assert.False(Ikev1AhTransforms.TryFromTransform(IpsecProtocolId.Ah, mismatched, out _, out string why));
        Assert.Contains("Authentication Algorithm", why, StringComparison.Ordinal);
        var missing = proposal.Transforms[0] with { Attributes = [.. proposal.Transforms[0].Attributes.Where(a => a.IpsecType != IpsecAttributeType.AuthenticationAlgorithm)] };
        Assert.False(Ikev1AhTransforms.TryFromTransform(IpsecProtocolId.Ah, missing, out _, out _));
    }

    private static byte[] Keymat(byte[] skeyidD, uint spi, byte[] ni, byte[] nr, int length)
    {
        var seed = new byte[1 + 4 + ni.Length + nr.Length];
        seed[0] = (byte)IpsecProtocolId.Ah;
        BinaryPrimitives.WriteUInt32BigEndian(seed.AsSpan(1), spi);
        ni.CopyTo(seed, 5);
        nr.CopyTo(seed, 5 + ni.Length);
        var keymat = new List<byte>();
        byte[] previous = [];
        while (keymat.Count < length)
        {
            previous = HMACSHA256.HashData(skeyidD, (byte[])[.. previous, .. seed]);
            keymat.AddRange(previous);
        }
        return [.. keymat.Take(length)];
    }
}
