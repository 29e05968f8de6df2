using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;
using V2 = DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2Wire;

/// <summary>
/// Conversions between the IKEv2 Wire payload records and the shared Ike models. The shapes correspond one to one:
/// Proposal/Transform (Key Length attribute) ↔ <see cref="OfferedProposal"/>/<see cref="ProposalTransform"/>,
/// TrafficSelector ↔ <see cref="TrafficSelector"/>, IdentificationPayload ↔ <see cref="IkeIdentity"/>.
/// </summary>
public static class Ikev2PayloadConverter
{
    /// <summary>A received SA payload's proposals (unknown ids are kept; the selector skips them).</summary>
    public static IReadOnlyList<OfferedProposal> FromWire(V2.SecurityAssociationPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return [.. payload.Proposals.Select(FromWire)];
    }

    /// <summary>One received proposal.</summary>
    public static OfferedProposal FromWire(V2.Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new OfferedProposal(proposal.Number, (ProposalProtocol)proposal.ProtocolId, proposal.Spi,
            [.. proposal.Transforms.Select(t => new ProposalTransform((TransformType)t.Type, t.Id, t.KeyLength ?? 0))]);
    }

    /// <summary>The SA payload for proposals to send (initiator) or the one chosen (responder).</summary>
    public static V2.SecurityAssociationPayload ToWire(IReadOnlyList<OfferedProposal> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        return new V2.SecurityAssociationPayload([.. proposals.Select(ToWire)]);
    }

    /// <summary>One proposal as the Wire record (Key Length attribute only when the transform has one).</summary>
    public static V2.Proposal ToWire(OfferedProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new V2.Proposal(proposal.Number, (V2.ProtocolId)proposal.Protocol, proposal.Spi,
            [.. proposal.Transforms.Select(t => new V2.Transform((V2.TransformType)t.Type, t.Id,
                t.KeyLength == 0 ? [] : [V2.TransformAttribute.KeyLength(checked((ushort)t.KeyLength))]))]);
    }

    /// <summary>A received traffic selector; false with a reason when its addresses are inconsistent.</summary>
    public static bool TryFromWire(V2.TrafficSelector selector, out TrafficSelector? result, out string reason)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return TrafficSelector.TryCreate(selector.StartAddress, selector.EndAddress, selector.IpProtocol, selector.StartPort, selector.EndPort, out result, out reason);
    }

    /// <summary>A traffic selector as the Wire record.</summary>
    public static V2.TrafficSelector ToWire(TrafficSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new V2.TrafficSelector(selector.IsIpv6 ? V2.TrafficSelectorType.Ipv6AddressRange : V2.TrafficSelectorType.Ipv4AddressRange,
            selector.Protocol, selector.StartPort, selector.EndPort, selector.StartAddress, selector.EndAddress);
    }

    /// <summary>A received IDi/IDr; never throws.</summary>
    public static bool TryFromWire(V2.IdentificationPayload payload, out IkeIdentity? identity, out IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return IkeIdentity.TryFromPayload((byte)payload.IdType, payload.Data.Span, out identity, out error);
    }

    /// <summary>The IDi (<paramref name="isInitiator"/>) or IDr payload for a concrete identity.</summary>
    public static V2.IdentificationPayload ToWire(IkeIdentity identity, bool isInitiator)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Type == IkeIdentityType.Any) { throw new ArgumentException("%any cannot be sent as an identity", nameof(identity)); }
        return new V2.IdentificationPayload(isInitiator, (V2.IdType)identity.Type, identity.Data);
    }
}
