using System.Globalization;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Cli.Decode;

/// <summary>One line per ISAKMP payload.</summary>
internal static class Ikev1PayloadPrinter
{
    public static string Describe(IsakmpPayload payload) => payload switch
    {
        SecurityAssociationPayload sa => "SA " + string.Join(" | ", sa.Proposals.Select(Describe)),
        NotificationPayload n => $"N({n.NotifyType}){(n.Data.IsEmpty ? "" : " " + Hex.Short(n.Data))}",
        IdentificationPayload id => $"ID {id.IdType} {Hex.Short(id.Data)}",
        VendorIdPayload v => $"VID {Hex.Short(v.Data)}",
        NatDiscoveryPayload nat => $"NAT-D {Hex.Short(nat.Hash)}",
        KeyExchangePayload ke => $"KE {ke.Data.Length} bytes",
        NoncePayload nonce => $"Nonce {nonce.Data.Length} bytes",
        HashPayload hash => $"HASH {hash.Data.Length} bytes",
        DeletePayload d => $"D {d.ProtocolId} {d.Spis.Count} SPI(s)",
        _ => payload.PayloadType.ToString(),
    };

    private static string Describe(Proposal proposal) =>
        $"#{proposal.Number} {proposal.ProtocolId}: " + string.Join(", ", proposal.Transforms.Select(t =>
            $"transform {t.Number} id {t.TransformId} [" +
            string.Join(" ", t.Attributes.Select(a => Describe(proposal.ProtocolId, a))) + "]"));

    private static string Describe(IpsecProtocolId protocol, IsakmpAttribute attribute)
    {
        string name = protocol == IpsecProtocolId.Isakmp ? attribute.Phase1Type.ToString() : attribute.IpsecType.ToString();
        return attribute.TryGetInteger(out ulong value)
            ? string.Create(CultureInfo.InvariantCulture, $"{name}={value}")
            : $"{name}={Hex.Short(attribute.TlvValue)}";
    }
}
