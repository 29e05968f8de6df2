using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;

namespace DotSwan.Crypto.Tests.Certificates;

public sealed class CertificateValidatorTests
{
    // When the lab's cert exchange ran (cert-initiator.charon.log), 44 minutes after the certificates were issued.
    private static readonly DateTimeOffset LabTime = new(2026, 11, 23, 7, 9, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset TestTime = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static X509Certificate2 Lab(string name) =>
        X509CertificateLoader.LoadCertificateFromFile(Path.Combine(AppContext.BaseDirectory, "TestData", "certs", name));

    [Theory]
    [InlineData("a.crt", "a.lab.example")]
    [InlineData("b.crt", "b.lab.example")]
    public void Lab_certificates_validate_against_the_lab_CA(string file, string dnsName)
    {
        var validator = new CertificateValidator([Lab("ca.crt")]);
        Assert.True(validator.TryValidate(Lab(file), [], LabTime, out var result, out var error), error.ToString());
        Assert.Equal(2, result.Chain.Count);
        Assert.Equal(Lab("ca.crt").Thumbprint, result.Chain[^1].Thumbprint);
        Assert.Equal([dnsName], result.Identity.DnsNames);
        Assert.Equal($"C=XX, O=IKE Lab, CN={dnsName}", new X500DistinguishedName(result.Identity.SubjectDer.Span).Decode(X500DistinguishedNameFlags.UseCommas));
    }

    [Fact]
    public void An_injected_clock_decides_validity()
    {
        var validator = new CertificateValidator([Lab("ca.crt")]);
        Assert.True(validator.TryValidate(Lab("b.crt"), [], new FixedClock(LabTime), out _, out var error), error.ToString());
        Assert.False(validator.TryValidate(Lab("b.crt"), [], new FixedClock(LabTime.AddYears(3)), out _, out error));
        Assert.Contains("expired", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_CA_is_refused()
    {
        using var foreign = new TestPki("Foreign Root");
        var validator = new CertificateValidator([foreign.Certificate]);
        Assert.False(validator.TryValidate(Lab("a.crt"), [], LabTime, out _, out var error));
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("does not chain to a configured CA", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_certificate_is_refused_with_its_end_date()
    {
        var validator = new CertificateValidator([Lab("ca.crt")]);
        var afterExpiry = new DateTimeOffset(Lab("a.crt").NotAfter.ToUniversalTime()).AddDays(1);
        Assert.False(validator.TryValidate(Lab("a.crt"), [], afterExpiry, out _, out var error));
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("expired at 2028-11-22", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_not_yet_valid_certificate_is_refused()
    {
        var validator = new CertificateValidator([Lab("ca.crt")]);
        Assert.False(validator.TryValidate(Lab("a.crt"), [], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), out _, out var error));
        Assert.Contains("not valid before", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void No_configured_CA_means_no_trust()
    {
        Assert.False(new CertificateValidator([]).TryValidate(Lab("a.crt"), [], LabTime, out _, out var error));
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);
    }

    [Fact]
    public void A_CRL_revokes_a_certificate_and_names_serial_and_issuer()
    {
        using var ca = new TestPki("CRL Root");
        byte[] revokedSerial = [0x01, 0x23, 0x45, 0x67];
        var revoked = ca.IssueLeaf("revoked.example", revokedSerial);
        var good = ca.IssueLeaf("good.example", [0x07, 0x77]);
        var crl = ca.CreateCrl(TestTime.AddDays(-1), TestTime.AddDays(7), (revokedSerial, TestTime.AddDays(-2)));
        var validator = new CertificateValidator([ca.Certificate], [crl]);

        Assert.False(validator.TryValidate(revoked, [], TestTime, out _, out var error));
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("revoked", error.Detail, StringComparison.Ordinal);
        Assert.Contains("01234567", error.Detail, StringComparison.Ordinal);
        Assert.Contains("CN=CRL Root", error.Detail, StringComparison.Ordinal);

        Assert.True(validator.TryValidate(good, [], TestTime, out _, out error), error.ToString());
    }

    [Fact]
    public void A_revocation_dated_after_the_validation_time_does_not_count()
    {
        using var ca = new TestPki("Future Revocation Root");
        byte[] serial = [0x42];
        var leaf = ca.IssueLeaf("later.example", serial);
        var crl = ca.CreateCrl(TestTime.AddDays(-1), TestTime.AddDays(7), (serial, TestTime.AddDays(1)));
        Assert.True(new CertificateValidator([ca.Certificate], [crl]).TryValidate(leaf, [], TestTime, out _, out var error), error.ToString());
    }

    [Fact]
    public void A_CRL_signed_by_another_key_is_not_believed_and_fails_closed()
    {
        using var ca = new TestPki("Forged CRL Root");
        using var forger = RSA.Create(2048);
        var leaf = ca.IssueLeaf("victim.example", [0x10]);
        var forged = ca.CreateCrlSignedBy(forger, TestTime.AddDays(-1), TestTime.AddDays(7));
        Assert.False(new CertificateValidator([ca.Certificate], [forged]).TryValidate(leaf, [], TestTime, out _, out var error));
        Assert.Contains("not signed by CA", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_CRL_fails_closed()
    {
        using var ca = new TestPki("Stale CRL Root");
        var leaf = ca.IssueLeaf("stale.example", [0x11]);
        var crl = ca.CreateCrl(TestTime.AddDays(-30), TestTime.AddDays(-1));
        Assert.False(new CertificateValidator([ca.Certificate], [crl]).TryValidate(leaf, [], TestTime, out _, out var error));
        Assert.Contains("stale", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Requiring_a_CRL_refuses_uncovered_certificates()
    {
        using var ca = new TestPki("Strict Root");
        var leaf = ca.IssueLeaf("strict.example", [0x12]);
        Assert.True(new CertificateValidator([ca.Certificate]).TryValidate(leaf, [], TestTime, out _, out _));
        Assert.False(new CertificateValidator([ca.Certificate], requireCrl: true).TryValidate(leaf, [], TestTime, out _, out var error));
        Assert.Contains("no current CRL", error.Detail, StringComparison.Ordinal);
        var crl = ca.CreateCrl(TestTime.AddDays(-1), TestTime.AddDays(1));
        Assert.True(new CertificateValidator([ca.Certificate], [crl], requireCrl: true).TryValidate(leaf, [], TestTime, out _, out error), error.ToString());
    }

    [Fact]
    public void An_intermediate_CA_path_validates_and_its_CRL_is_used()
    {
        using var root = new TestPki("Path Root");
        using var intermediate = new TestPki("Path Intermediate", root);
        byte[] serial = [0x55, 0x66];
        var leaf = intermediate.IssueLeaf("deep.example", serial);
        var validator = new CertificateValidator([root.Certificate]);
        Assert.True(validator.TryValidate(leaf, [intermediate.Certificate], TestTime, out var result, out var error), error.ToString());
        Assert.Equal(3, result.Chain.Count);
        Assert.False(validator.TryValidate(leaf, [], TestTime, out _, out error));

        var crl = intermediate.CreateCrl(TestTime.AddDays(-1), TestTime.AddDays(1), (serial, TestTime.AddDays(-1)));
        Assert.False(new CertificateValidator([root.Certificate], [crl]).TryValidate(leaf, [intermediate.Certificate], TestTime, out _, out error));
        Assert.Contains("CN=Path Intermediate", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_signature_key_usage_is_refused()
    {
        using var ca = new TestPki("Usage Root");
        var leaf = ca.IssueLeaf("encrypt-only.example", [0x13], X509KeyUsageFlags.KeyEncipherment);
        Assert.False(new CertificateValidator([ca.Certificate]).TryValidate(leaf, [], TestTime, out _, out var error));
        Assert.Contains("keyUsage", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_lists_all_subjectAltName_kinds()
    {
        using var ca = new TestPki("Identity Root");
        var leaf = ca.IssueLeaf("id.example", [0x14]);
        Assert.True(CertificateIdentity.TryFrom(leaf, out var identity, out _));
        Assert.Equal(["id.example"], identity.DnsNames);
        Assert.Equal(["ike@id.example"], identity.Rfc822Names);
        Assert.Equal([IPAddress.Parse("192.0.2.7"), IPAddress.Parse("2001:db8::7")], identity.IPAddresses);
        Assert.Equal(leaf.SubjectName.RawData, identity.SubjectDer.ToArray());
    }

    [Fact]
    public void Decoders_read_pem_and_der_and_refuse_garbage()
    {
        var pem = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "certs", "a.crt"));
        Assert.True(CertificateDecoder.TryDecode(pem, out var fromPem, out _));
        Assert.True(CertificateDecoder.TryDecode(fromPem.RawData, out var fromDer, out _));
        Assert.Equal(fromPem.Thumbprint, fromDer.Thumbprint);
        Assert.False(CertificateDecoder.TryDecode([0x30, 0x03, 0x01, 0x01, 0xff], out _, out var error));
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);
        Assert.False(CertificateDecoder.TryDecode("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"u8, out _, out error));
        Assert.False(CertificateRevocationList.TryDecode([0x30, 0x00], out _, out error));
        Assert.Equal(CryptoErrorKind.CertificateInvalid, error.Kind);
        Assert.False(CertificateRevocationList.TryDecode([], out _, out error));
    }
}
