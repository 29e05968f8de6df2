using System.Security.Cryptography.X509Certificates;

namespace DotSwan.Crypto.Certificates;

/// <summary>A peer certificate that chained to a configured CA, was valid at the validation time and is not revoked.</summary>
/// <param name="Certificate">The end-entity certificate.</param>
/// <param name="Chain">The path from the end entity (first) to the trusted CA (last).</param>
/// <param name="Identity">The subject and subjectAltNames, for matching against the peer's ID payload.</param>
public sealed record ValidatedCertificate(X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> Chain, CertificateIdentity Identity);
