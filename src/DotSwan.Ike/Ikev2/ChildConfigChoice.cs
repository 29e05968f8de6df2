using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Ikev2;

/// <summary>The configured child that answers a Child SA request, with its proposal selection and the narrowed selectors.</summary>
/// <param name="Config">The child.</param>
/// <param name="Selection">The ESP proposal selection against the child's proposals (may have failed).</param>
/// <param name="Narrowed">The request's selectors narrowed to the child's policy (acceptable).</param>
internal sealed record ChildConfigChoice(Ikev2ChildConfig Config, ProposalSelection Selection, TrafficSelectorNarrowingResult Narrowed);
