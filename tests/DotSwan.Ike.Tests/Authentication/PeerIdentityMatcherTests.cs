using System.Net;
using DotSwan.Crypto.Certificates;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Identities;
using DotSwan.TestSupport.Certificates;

namespace DotSwan.Ike.Tests.Authentication;

public sealed class PeerIdentityMatcherTests
{
    [Theory]
    [InlineData("C=CH, O=DotSwan Test, CN=moon.example.org", true)]
    [InlineData("C=CH, O=DotSwan Test, CN=MOON.example.org", true)]
    [InlineData("CN=moon.example.org, O=DotSwan Test, C=CH", false)]
    [InlineData("C=CH, O=DotSwan Test, CN=sun.example.org", false)]
    [InlineData("moon.example.org", true)]
    [InlineData("Moon.Example.Org", true)]
    [InlineData("sun.example.org", false)]
    [InlineData("moon@example.org", true)]
    [InlineData("sun@example.org", false)]
    [InlineData("192.0.2.1", true)]
    [InlineData("192.0.2.2", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("@#0102", false)]
    public void Matches_the_subject_DN_and_each_kind_of_subjectAltName(string id, bool expected)
    {
        using var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Test, CN=Root", TestKeyType.EcdsaP256, DateTimeOffset.UtcNow.AddDays(-1));
        using var moon = ca.Issue("C=CH, O=DotSwan Test, CN=moon.example.org", TestKeyType.EcdsaP256, DateTimeOffset.UtcNow.AddDays(-1),
            dnsNames: ["moon.example.org"], emails: ["moon@example.org"], addresses: [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")]);
        Assert.True(CertificateIdentity.TryFrom(moon.Certificate, out var identity, out var error), error.ToString());

        Assert.Equal(expected, PeerIdentityMatcher.Matches(IkeIdentity.Parse(id), identity));
        Assert.Equal("subject 'C=CH, O=DotSwan Test, CN=moon.example.org', subjectAltNames DNS:moon.example.org, email:moon@example.org, IP:192.0.2.1, IP:2001:db8::1",
            PeerIdentityMatcher.Describe(identity));
    }
}
