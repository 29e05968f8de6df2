using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Manual;

/// <summary>Static (manually keyed) SAs and the policies that use them, as installed by <see cref="ManualKeying.Install"/>.</summary>
/// <param name="Sas">The SAs.</param>
/// <param name="Policies">The policies (Protect policies name the SAs' request ids).</param>
public sealed record ManualSaConfig(IReadOnlyList<ManualSa> Sas, IReadOnlyList<SecurityPolicy> Policies);
