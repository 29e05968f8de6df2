using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DotSwan.Crypto.Certificates;

/// <summary>
/// The identities a certificate vouches for, in the forms IKE identification payloads compare against:
/// the subject DN as DER (ID_DER_ASN1_DN) and the subjectAltName dNSName (ID_FQDN), rfc822Name (ID_RFC822_ADDR)
/// and iPAddress (ID_IPV4_ADDR / ID_IPV6_ADDR) entries.
/// </summary>
public sealed class CertificateIdentity
{
    private const string SubjectAltNameOid = "2.5.29.17";

    private CertificateIdentity(byte[] subjectDer, string subject, IReadOnlyList<string> dnsNames, IReadOnlyList<string> rfc822Names,
        IReadOnlyList<IPAddress> ipAddresses)
    {
        SubjectDer = subjectDer;
        Subject = subject;
        DnsNames = dnsNames;
        Rfc822Names = rfc822Names;
        IPAddresses = ipAddresses;
    }

    /// <summary>The subject Name exactly as DER-encoded in the certificate (the ID_DER_ASN1_DN payload content).</summary>
    public ReadOnlyMemory<byte> SubjectDer { get; }

    /// <summary>The subject as text, for logs.</summary>
    public string Subject { get; }

    /// <summary>subjectAltName dNSName entries.</summary>
    public IReadOnlyList<string> DnsNames { get; }

    /// <summary>subjectAltName rfc822Name entries.</summary>
    public IReadOnlyList<string> Rfc822Names { get; }

    /// <summary>subjectAltName iPAddress entries (4- or 16-byte ones; others are skipped).</summary>
    public IReadOnlyList<IPAddress> IPAddresses { get; }

    /// <summary>Reads the identities of <paramref name="certificate"/>; a malformed subjectAltName gives <see cref="CryptoErrorKind.CertificateInvalid"/>.</summary>
    public static bool TryFrom(X509Certificate2 certificate, [NotNullWhen(true)] out CertificateIdentity? identity, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        identity = null;
        var dnsNames = new List<string>();
        var rfc822Names = new List<string>();
        var ipAddresses = new List<IPAddress>();
        var rfc822Tag = new Asn1Tag(TagClass.ContextSpecific, 1);
        var dnsTag = new Asn1Tag(TagClass.ContextSpecific, 2);
        var ipTag = new Asn1Tag(TagClass.ContextSpecific, 7);
        try
        {
            foreach (var extension in certificate.Extensions)
            {
                if (extension.Oid?.Value != SubjectAltNameOid)
                {
                    continue;
                }

                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                var names = reader.ReadSequence();
                reader.ThrowIfNotEmpty();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag == rfc822Tag)
                    {
                        rfc822Names.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, rfc822Tag));
                    }
                    else if (tag == dnsTag)
                    {
                        dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, dnsTag));
                    }
                    else if (tag == ipTag)
                    {
                        var bytes = names.ReadOctetString(ipTag);
                        if (bytes.Length is 4 or 16)
                        {
                            ipAddresses.Add(new IPAddress(bytes));
                        }
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            error = new CryptoError(CryptoErrorKind.CertificateInvalid, $"certificate '{certificate.Subject}' has a malformed subjectAltName");
            return false;
        }

        identity = new CertificateIdentity(certificate.SubjectName.RawData, certificate.Subject, dnsNames, rfc822Names, ipAddresses);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Subject;
}
