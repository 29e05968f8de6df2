using System.Globalization;
using System.Text;
using DotSwan.Crypto;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Cli.Decode;

/// <summary>One line per IKEv2 payload, in the terms an engineer reads in strongSwan's logs.</summary>
internal static class Ikev2PayloadPrinter
{
    public static string Describe(Ikev2Payload payload) => payload switch
    {
        SecurityAssociationPayload sa => "SA " + string.Join(" | ", sa.Proposals.Select(Describe)),
        KeyExchangePayload ke => $"KE group {ke.Group}, {ke.Data.Length} bytes",
        NoncePayload nonce => $"Nonce {nonce.Data.Length} bytes",
        NotifyPayload n => $"N({Name(n.NotifyType)}){(n.Data.IsEmpty ? "" : " " + Hex.Short(n.Data))}",
        IdentificationPayload id => $"{(id.IsInitiator ? "IDi" : "IDr")} {id.IdType} {Identity(id.IdType, id.Data)}",
        AuthenticationPayload auth => $"AUTH {auth.Method}, {auth.Data.Length} bytes",
        CertificatePayload cert => $"CERT {cert.Encoding}, {cert.Data.Length} bytes",
        CertificateRequestPayload req => $"CERTREQ {req.Encoding}, {req.CertificationAuthority.Length / 20} CA key id(s)",
        TrafficSelectorPayload ts => $"{(ts.IsInitiator ? "TSi" : "TSr")} {string.Join(", ", ts.Selectors.Select(Describe))}",
        DeletePayload d => $"D {d.ProtocolId} {(d.Spis.Count == 0 ? "(the IKE SA)" : string.Join(", ", d.Spis.Select(s => Hex.Short(s))))}",
        VendorIdPayload v => $"V {Hex.Short(v.Data)}",
        ConfigurationPayload cp => $"CP {cp.Type}: {string.Join(", ", cp.Attributes.Select(a => a.Type.ToString()))}",
        EapPayload eap => $"EAP {eap.Message.Length} bytes",
        EncryptedPayload sk => $"SK ({sk.Body.Length} bytes, first inner payload {sk.FirstInnerPayload})",
        EncryptedFragmentPayload skf => $"SKF fragment {skf.FragmentNumber}/{skf.TotalFragments} ({skf.Body.Length} bytes)",
        UnknownPayload u => $"unknown payload {(int)u.Type}{(u.Critical ? " (critical)" : "")}, {u.Body.Length} bytes",
        _ => payload.PayloadType.ToString(),
    };

    private static string Describe(Proposal proposal)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{proposal.Number} {proposal.ProtocolId}");
        if (!proposal.Spi.IsEmpty) { text.Append(CultureInfo.InvariantCulture, $" spi {Hex.Short(proposal.Spi)}"); }
        text.Append(':');
        foreach (var transform in proposal.Transforms)
        {
            text.Append(' ').Append(Name(transform.Type, transform.Id));
            if (transform.KeyLength is int bits) { text.Append(CultureInfo.InvariantCulture, $"_{bits}"); }
        }
        return text.ToString();
    }

    /// <summary>The transform as the Crypto layer names it (AesGcm16, HmacSha256, Curve25519 …), or its number.</summary>
    private static string Name(TransformType type, ushort id) => type switch
    {
        TransformType.EncryptionAlgorithm when Enum.IsDefined((EncryptionAlgorithm)id) => ((EncryptionAlgorithm)id).ToString(),
        TransformType.PseudorandomFunction when Enum.IsDefined((PrfAlgorithm)id) => "Prf" + (PrfAlgorithm)id,
        TransformType.IntegrityAlgorithm when Enum.IsDefined((IntegrityAlgorithm)id) => ((IntegrityAlgorithm)id).ToString(),
        TransformType.KeyExchangeMethod when Enum.IsDefined((KeyExchangeMethod)id) => ((KeyExchangeMethod)id).ToString(),
        TransformType.SequenceNumbers => id == 1 ? "Esn" : "NoEsn",
        _ => string.Create(CultureInfo.InvariantCulture, $"{type}={id}"),
    };

    private static string Describe(TrafficSelector ts)
    {
        string addresses = ts.StartAddress.Equals(ts.EndAddress) ? ts.StartAddress.ToString() : $"{ts.StartAddress}-{ts.EndAddress}";
        string protocol = ts.IpProtocol == 0 ? "" : $" proto {ts.IpProtocol}";
        string ports = ts is { StartPort: 0, EndPort: 65535 } ? "" : $" ports {ts.StartPort}-{ts.EndPort}";
        return addresses + protocol + ports;
    }

    private static string Identity(IdType type, ReadOnlyMemory<byte> data) => type switch
    {
        IdType.Fqdn or IdType.Rfc822Address => Encoding.ASCII.GetString(data.Span),
        IdType.Ipv4Address or IdType.Ipv6Address when data.Length is 4 or 16 => new System.Net.IPAddress(data.Span).ToString(),
        IdType.DerAsn1Dn => TryDistinguishedName(data),
        _ => Hex.Short(data),
    };

    private static string TryDistinguishedName(ReadOnlyMemory<byte> der)
    {
        try
        {
            return new System.Security.Cryptography.X509Certificates.X500DistinguishedName(der.Span).Name;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Hex.Short(der);
        }
    }

    private static string Name(NotifyType type) =>
        Enum.IsDefined(type) ? type.ToString() : ((ushort)type).ToString(CultureInfo.InvariantCulture);
}
