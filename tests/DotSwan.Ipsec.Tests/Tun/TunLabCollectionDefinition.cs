namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>The TUN lab tests run one at a time: each creates namespaces, TUN devices and two hosts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TunLabCollectionDefinition
{
    public const string Name = "TUN lab";
}
