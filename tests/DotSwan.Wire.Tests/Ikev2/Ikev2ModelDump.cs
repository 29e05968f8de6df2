using System.Text;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Wire.Tests.Ikev2;

/// <summary>
/// A structural text rendering of the typed model (bytes as hex), so two models compare by content:
/// the records compare ReadOnlyMemory fields by reference.
/// </summary>
public static class Ikev2ModelDump
{
    public static string Describe(Ikev2Message message) =>
        $"{message.Header with { Length = 0, NextPayload = 0 }}\n{Describe(message.Payloads)}";

    public static string Describe(IReadOnlyList<Ikev2Payload> payloads)
    {
        var sb = new StringBuilder();
        foreach (var p in payloads)
        {
            sb.Append(p.PayloadType).Append(" c=").Append(p.Critical).Append(": ");
            switch (p)
            {
                case SecurityAssociationPayload sa:
                    foreach (var proposal in sa.Proposals)
                    {
                        sb.Append($"[#{proposal.Number} {proposal.ProtocolId} spi={H(proposal.Spi)}");
                        foreach (var t in proposal.Transforms)
                        {
                            sb.Append($" ({t.Type} {t.Id}");
                            foreach (var a in t.Attributes) { sb.Append($" {a.Type}/{a.IsTypeValue}/{a.Value}/{H(a.Data)}"); }
                            sb.Append(')');
                        }
                        sb.Append(']');
                    }
                    break;
                case KeyExchangePayload ke: sb.Append($"{ke.Group} {H(ke.Data)}"); break;
                case IdentificationPayload id: sb.Append($"{id.IdType} {H(id.Data)}"); break;
                case CertificatePayload cert: sb.Append($"{cert.Encoding} {H(cert.Data)}"); break;
                case CertificateRequestPayload req: sb.Append($"{req.Encoding} {H(req.CertificationAuthority)}"); break;
                case AuthenticationPayload auth: sb.Append($"{auth.Method} {H(auth.Data)}"); break;
                case NoncePayload nonce: sb.Append(H(nonce.Data)); break;
                case NotifyPayload n: sb.Append($"{n.ProtocolId} {H(n.Spi)} {(ushort)n.NotifyType} {H(n.Data)}"); break;
                case DeletePayload d: sb.Append($"{d.ProtocolId} {d.SpiSize} {string.Join(",", d.Spis.Select(H))}"); break;
                case VendorIdPayload v: sb.Append(H(v.Data)); break;
                case TrafficSelectorPayload ts:
                    foreach (var s in ts.Selectors) { sb.Append($"[{s.Type} {s.IpProtocol} {s.StartPort}-{s.EndPort} {s.StartAddress}-{s.EndAddress}]"); }
                    break;
                case EncryptedPayload sk: sb.Append($"{sk.FirstInnerPayload} {H(sk.Body)}"); break;
                case EncryptedFragmentPayload skf: sb.Append($"{skf.FirstInnerPayload} {skf.FragmentNumber}/{skf.TotalFragments} {H(skf.Body)}"); break;
                case ConfigurationPayload cp:
                    sb.Append(cp.Type);
                    foreach (var a in cp.Attributes) { sb.Append($" {(ushort)a.Type}={H(a.Value)}"); }
                    break;
                case EapPayload eap: sb.Append(H(eap.Message)); break;
                case UnknownPayload u: sb.Append($"{(byte)u.Type} {H(u.Body)}"); break;
                default: throw new InvalidOperationException(p.GetType().Name);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string H(ReadOnlyMemory<byte> bytes) => Convert.ToHexString(bytes.Span);
}
