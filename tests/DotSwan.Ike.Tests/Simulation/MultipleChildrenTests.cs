using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>
/// A connection with several children (strongSwan's <c>children</c> section): the first in IKE_AUTH, the others with
/// CREATE_CHILD_SA over the same IKE SA, each with its own selectors and proposals; the responder answers each request
/// with the child that fits it, and rekeys keep the child.
/// </summary>
public sealed class MultipleChildrenTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private static readonly TrafficSelector MoonVoice = TrafficSelector.FromSubnet(IPAddress.Parse("10.11.0.0"), 24);
    private static readonly TrafficSelector SunVoice = TrafficSelector.FromSubnet(IPAddress.Parse("10.12.0.0"), 24);

    private static readonly Ikev2ChildConfig MoonVoiceChild = new("voice", ProposalParser.ParseList("aes256gcm16-x25519", ProposalProtocol.Esp),
        [MoonVoice], [SunVoice]);

    private static readonly Ikev2ChildConfig SunVoiceChild = new("voice", ProposalParser.ParseList("aes256gcm16-x25519, aes128gcm16-x25519", ProposalProtocol.Esp),
        [SunVoice], [MoonVoice]);

    [Fact]
    public void Second_child_comes_up_over_the_same_IKE_SA_with_its_own_selectors_and_proposals()
    {
        using var pair = Pair();
        var id = Establish(pair);
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CreateChildSa(id, MoonVoiceChild, pair.Network.Now));
        pair.Network.Run(Limit);

        DriverView.AssertPaired(pair.Moon, pair.Sun, pairs: 2);
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var moon = DriverView.Installed(pair.Moon).Values.ToDictionary(i => i.Child);
        var sun = DriverView.Installed(pair.Sun).Values.ToDictionary(i => i.Child);
        Assert.Equal(["net", "voice"], moon.Keys.Order());
        Assert.Equal(["net", "voice"], sun.Keys.Order());
        Assert.Equal("aes256gcm16-x25519", moon["voice"].Suite.ToProposalString());
        Assert.Equal([MoonVoice], moon["voice"].LocalTrafficSelectors);
        Assert.Equal([SunVoice], sun["voice"].LocalTrafficSelectors);
        Assert.Equal("aes128gcm16", sun["net"].Suite.ToProposalString());
        Assert.Equal(["net", "voice"], pair.Sun.Of<ChildSaEstablished>().Select(e => e.Child).Order());
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
    }

    [Fact]
    public void Rekey_of_the_second_child_offers_its_proposals_and_keeps_its_name()
    {
        using var pair = Pair();
        var id = Establish(pair);
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CreateChildSa(id, MoonVoiceChild, pair.Network.Now));
        pair.Network.Run(Limit);
        uint voiceSpi = DriverView.Installed(pair.Moon).Values.Single(i => i.Child == "voice").Inbound.Spi;

        pair.Network.Emit(pair.Sun, pair.Sun.Engine.RekeyChildSa(id, DriverView.Installed(pair.Sun).Values.Single(i => i.Child == "voice").Inbound.Spi, pair.Network.Now));
        pair.Network.Run(Limit);

        DriverView.AssertPaired(pair.Moon, pair.Sun, pairs: 2);
        var voice = DriverView.Installed(pair.Moon).Values.Single(i => i.Child == "voice");
        Assert.NotEqual(voiceSpi, voice.Inbound.Spi);
        // Sun rekeyed with its voice proposals (PFS with X25519), not the first child's.
        Assert.Equal("aes256gcm16-x25519", voice.Suite.ToProposalString());
        Assert.Single(pair.Sun.Of<ChildSaRekeyed>());
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
    }

    [Fact]
    public void A_child_the_responder_does_not_have_is_refused_and_the_others_stay()
    {
        using var pair = Pair();
        var id = Establish(pair);
        var unknown = new Ikev2ChildConfig("video", ProposalParser.ParseList("aes128gcm16", ProposalProtocol.Esp),
            [TrafficSelector.FromSubnet(IPAddress.Parse("10.21.0.0"), 24)], [TrafficSelector.FromSubnet(IPAddress.Parse("10.22.0.0"), 24)]);
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CreateChildSa(id, unknown, pair.Network.Now));
        pair.Network.Run(Limit);

        Assert.Equal(IkeSaFailureKind.TsUnacceptable, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
        Assert.Equal(IkeSaState.Established, pair.Moon.Engine.GetState(id));
        DriverView.AssertPaired(pair.Moon, pair.Sun);
    }

    [Fact]
    public void Initiating_with_the_second_child_first_negotiates_it_in_IKE_AUTH()
    {
        using var pair = Pair();
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.Initiate(pair.MoonConnection.StartingWith(MoonVoiceChild), pair.Network.Now));
        pair.Network.Run(Limit);

        var id = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        Assert.Equal(IkeSaState.Established, pair.Sun.Engine.GetState(id));
        var sun = Assert.Single(DriverView.Installed(pair.Sun).Values);
        Assert.Equal(("voice", "aes256gcm16"), (sun.Child, sun.Suite.ToProposalString()));
        Assert.Equal([SunVoice], sun.LocalTrafficSelectors);

        // The first child can still follow over the same IKE SA.
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CreateChildSa(id, pair.MoonConnection.FirstChild, pair.Network.Now));
        pair.Network.Run(Limit);
        DriverView.AssertPaired(pair.Moon, pair.Sun, pairs: 2);
        Assert.Equal(["net", "voice"], DriverView.Installed(pair.Sun).Values.Select(i => i.Child).Order());
    }

    [Fact]
    public void UpdateConnection_lets_an_existing_IKE_SA_accept_a_child_added_later()
    {
        using var pair = new EnginePair(configureMoon: c => c with { ChildName = "net", AdditionalChildren = [MoonVoiceChild] },
            configureSun: c => c with { ChildName = "net" });
        var id = Establish(pair);
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CreateChildSa(id, MoonVoiceChild, pair.Network.Now));
        pair.Network.Run(Limit);
        Assert.Equal(IkeSaFailureKind.TsUnacceptable, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);

        Assert.Equal(1, pair.Sun.Engine.UpdateConnection(pair.SunConnection with { AdditionalChildren = [SunVoiceChild] }));
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.CreateChildSa(id, MoonVoiceChild, pair.Network.Now));
        pair.Network.Run(Limit);
        DriverView.AssertPaired(pair.Moon, pair.Sun, pairs: 2);
    }

    private static EnginePair Pair() => new(
        configureMoon: c => c with { ChildName = "net", AdditionalChildren = [MoonVoiceChild] },
        configureSun: c => c with { ChildName = "net", AdditionalChildren = [SunVoiceChild] });

    private static IkeSaId Establish(EnginePair pair)
    {
        pair.Initiate();
        pair.Network.Run(Limit);
        var id = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        DriverView.AssertPaired(pair.Moon, pair.Sun);
        Assert.Equal("net", Assert.Single(DriverView.Installed(pair.Sun).Values).Child);
        return id;
    }
}
