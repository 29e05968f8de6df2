using System.Net;
using System.Text;
using DotSwan.Crypto.Certificates;
using DotSwan.Ike.Identities;

namespace DotSwan.Ike.Authentication;

/// <summary>
/// Whether the identity a peer claims in its ID payload is one its certificate vouches for: ID_DER_ASN1_DN must be the
/// certificate's subject, ID_FQDN / ID_RFC822_ADDR / ID_IPV4_ADDR / ID_IPV6_ADDR a subjectAltName of that kind
/// (names compared without case). ID_KEY_ID names no part of a certificate and never matches.
/// </summary>
public static class PeerIdentityMatcher
{
    /// <summary>True when <paramref name="peer"/> is the certificate's subject DN or one of its subjectAltNames.</summary>
    public static bool Matches(IkeIdentity peer, CertificateIdentity certificate)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(certificate);
        switch (peer.Type)
        {
            case IkeIdentityType.DerAsn1Dn:
                if (peer.Data.Span.SequenceEqual(certificate.SubjectDer.Span)) { return true; }
                // The same name in another string type (PrintableString vs UTF8String) still matches.
                return DistinguishedName.TryDecode(certificate.SubjectDer, out var subject, out _)
                    && subject!.Match(peer.Dn!) == IdentityMatch.Exact;
            case IkeIdentityType.Fqdn:
                return certificate.DnsNames.Contains(Text(peer), StringComparer.OrdinalIgnoreCase);
            case IkeIdentityType.Rfc822Address:
                return certificate.Rfc822Names.Contains(Text(peer), StringComparer.OrdinalIgnoreCase);
            case IkeIdentityType.Ipv4Address or IkeIdentityType.Ipv6Address:
                var address = new IPAddress(peer.Data.Span);
                return certificate.IPAddresses.Contains(address);
            default:
                return false;
        }
    }

    /// <summary>What the certificate vouches for, for a log line: subject and subjectAltNames.</summary>
    public static string Describe(CertificateIdentity certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = certificate.DnsNames.Select(n => "DNS:" + n)
            .Concat(certificate.Rfc822Names.Select(n => "email:" + n))
            .Concat(certificate.IPAddresses.Select(a => "IP:" + a))
            .ToList();
        // The subject in strongSwan's order (as IDs are written), not .NET's reversed display.
        string subject = DistinguishedName.TryDecode(certificate.SubjectDer, out var dn, out _) ? dn!.ToString() : certificate.Subject;
        return $"subject '{subject}', subjectAltNames {(names.Count == 0 ? "none" : string.Join(", ", names))}";
    }

    private static string Text(IkeIdentity identity) => Encoding.UTF8.GetString(identity.Data.Span);
}
