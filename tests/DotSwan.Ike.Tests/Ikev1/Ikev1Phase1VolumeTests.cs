using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>
/// The phase 1 ("master key") lifetime in kilobytes: proposed in the ISAKMP transform, the lower limit of both sides
/// applies, the bytes protected by the ISAKMP SA (Quick Modes, informational exchanges) are counted, and reaching 90%
/// renews phase 1 — the new ISAKMP SA adopts the IPsec SAs and the old one is deleted.
/// </summary>
public sealed class Ikev1Phase1VolumeTests
{
    private const int QuickModes = 12;

    [Fact]
    public void The_initiator_proposes_its_kilobyte_limit_in_the_ISAKMP_transform()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { MasterKeyLifeKilobytes = 4 });
        pair.Establish();

        var transform = Decode(pair.Network.Sent[0].Datagram).Payloads.OfType<SecurityAssociationPayload>().Single().Proposals[0].Transforms[0];
        var lifetimes = transform.Attributes.SkipWhile(a => a.Phase1Type != Phase1AttributeType.LifeType).ToList();
        // Seconds first, then kilobytes: Life Type, Life Duration pairs.
        Assert.Equal(4, lifetimes.Count);
        Assert.True(lifetimes[2].TryGetInteger(out ulong type) && type == (ulong)LifeType.Kilobytes);
        Assert.True(lifetimes[3].TryGetInteger(out ulong kb) && kb == 4);
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
    }

    [Theory]
    [InlineData(4UL, 0UL)] // the initiator's limit (the responder has none)
    [InlineData(0UL, 4UL)] // the responder's lower limit: it renews phase 1 itself
    [InlineData(64UL, 4UL)]
    public void Reaching_the_kilobyte_limit_renews_phase_1_and_the_ipsec_sas_move_over(ulong moonKb, ulong sunKb)
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { MasterKeyLifeKilobytes = moonKb },
            configureSun: c => c with { MasterKeyLifeKilobytes = sunKb });
        var first = RunQuickModes(pair);

        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        var established = pair.Moon.Of<IkeSaEstablished>().Select(e => e.IkeSa).Distinct().ToList();
        Assert.True(established.Count >= 2, "phase 1 was not renewed when the kilobyte limit was reached");
        // The side with the lower limit renewed: its old SA is "replaced", the other side is told with a Delete.
        var (renewer, other) = moonKb != 0 && (sunKb == 0 || moonKb <= sunKb) ? (pair.Moon, pair.Sun) : (pair.Sun, pair.Moon);
        Assert.Contains("replaced by", Assert.Single(renewer.Of<IkeSaDeleted>(), d => d.IkeSa == first).Reason, StringComparison.Ordinal);
        Assert.Contains("deleted by the peer", Assert.Single(other.Of<IkeSaDeleted>(), d => d.IkeSa == first).Reason, StringComparison.Ordinal);
        Assert.Contains(renewer.Of<IkeSaEstablished>(), e => e.IsInitiator);
        // The IPsec SAs live on under the new ISAKMP SA: all installed pairs are still there on both sides.
        Assert.Equal(QuickModes + 1, Ikev1EnginePair.LiveChildren(pair.Moon).Count);
        Assert.Equal(QuickModes + 1, Ikev1EnginePair.LiveChildren(pair.Sun).Count);
        Assert.Equal(pair.Moon.Ikev1Engine.ChildSas(established[^1]).Count, Ikev1EnginePair.LiveChildren(pair.Moon).Count);
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void When_the_renewal_cannot_complete_the_SA_is_deleted_at_the_limit()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { MasterKeyLifeKilobytes = 4 });
        pair.Establish();
        var first = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        // Every new Main Mode is lost on the way: only the first ISAKMP SA's exchanges get through. Moon starts its renewal at
        // 90% (its own Quick Modes then wait for it); sun keeps running Quick Modes over the old SA until the limit is reached.
        pair.Network.Tamper = (from, datagram) => IsakmpMessageCodec.TryDecode(datagram, out var m, out _)
            && m!.Header.ExchangeType == IsakmpExchangeType.IdentityProtection && m.Header.InitiatorCookie != first.InitiatorSpi ? [] : datagram;
        for (int i = 0; i < 2 * QuickModes && !pair.Moon.Of<IkeSaDeleted>().Any(); i++)
        {
            pair.Network.Emit(pair.Sun, pair.Sun.Ikev1Engine.StartQuickMode(first, pair.Network.Now));
            pair.Network.RunFor(TimeSpan.FromSeconds(1));
        }

        var deleted = Assert.Single(pair.Moon.Of<IkeSaDeleted>(), d => d.IkeSa == first);
        Assert.Contains("phase 1 (master key) lifetime of 4 KB reached", deleted.Reason, StringComparison.Ordinal);
        Assert.Contains(pair.Sun.Of<IkeSaDeleted>(), d => d.IkeSa == first);
        Assert.DoesNotContain(pair.Moon.Of<IkeSaEstablished>(), e => e.IkeSa != first); // the renewal never got through
    }

    [Fact]
    public void Without_a_kilobyte_limit_the_same_traffic_keeps_one_ISAKMP_SA()
    {
        using var pair = new Ikev1EnginePair();
        var first = RunQuickModes(pair);

        Assert.Equal(first, Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa);
        Assert.Empty(pair.Moon.Of<IkeSaDeleted>());
        Assert.Equal(QuickModes + 1, Ikev1EnginePair.LiveChildren(pair.Moon).Count);
    }

    [Fact]
    public void A_limit_too_large_for_the_traffic_keeps_one_ISAKMP_SA()
    {
        using var pair = new Ikev1EnginePair(configureMoon: c => c with { MasterKeyLifeKilobytes = 1024 });
        RunQuickModes(pair);

        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<IkeSaDeleted>());
    }

    /// <summary>Phase 1, its first Quick Mode, then <see cref="QuickModes"/> more Quick Modes (each about 0.5 KB protected).</summary>
    private static IkeSaId RunQuickModes(Ikev1EnginePair pair)
    {
        pair.Establish();
        var first = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        for (int i = 0; i < QuickModes; i++)
        {
            var current = pair.Moon.Of<IkeSaEstablished>().Last().IkeSa;
            pair.Network.Emit(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(current, pair.Network.Now));
            pair.Network.Run(TimeSpan.FromMinutes(1));
        }
        return first;
    }

    private static IsakmpMessage Decode(byte[] datagram)
    {
        Assert.True(IsakmpMessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }
}
