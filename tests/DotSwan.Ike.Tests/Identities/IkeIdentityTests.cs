using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using CsCheck;
using DotSwan.Ike.Identities;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Tests.Identities;

public class IkeIdentityTests
{
    [Theory]
    [InlineData("192.0.2.1", IkeIdentityType.Ipv4Address, "C0000201", "192.0.2.1")]
    [InlineData("2001:db8::1", IkeIdentityType.Ipv6Address, "20010DB8000000000000000000000001", "2001:db8::1")]
    [InlineData("@vpn.example.com", IkeIdentityType.Fqdn, "76706E2E6578616D706C652E636F6D", "vpn.example.com")]
    [InlineData("vpn.example.com", IkeIdentityType.Fqdn, "76706E2E6578616D706C652E636F6D", "vpn.example.com")]
    [InlineData("user@example.com", IkeIdentityType.Rfc822Address, "75736572406578616D706C652E636F6D", "user@example.com")]
    [InlineData("@@user", IkeIdentityType.Rfc822Address, "75736572", "@@user")]
    [InlineData("@#0123ab", IkeIdentityType.KeyId, "0123AB", "@#0123ab")]
    [InlineData("keyid:#0123AB", IkeIdentityType.KeyId, "0123AB", "@#0123ab")]
    [InlineData("keyid:abc", IkeIdentityType.KeyId, "616263", "@#616263")]
    [InlineData("fqdn:192.0.2.1", IkeIdentityType.Fqdn, "3139322E302E322E31", "@192.0.2.1")]
    [InlineData("email:vpn.example.com", IkeIdentityType.Rfc822Address, "76706E2E6578616D706C652E636F6D", "@@vpn.example.com")]
    [InlineData("ipv4:10.0.0.1", IkeIdentityType.Ipv4Address, "0A000001", "10.0.0.1")]
    [InlineData("1234", IkeIdentityType.Fqdn, "31323334", "1234")]
    public void Parses_strongswan_notation_and_formats_back(string text, IkeIdentityType type, string hex, string formatted)
    {
        var id = IkeIdentity.Parse(text);
        Assert.Equal(type, id.Type);
        Assert.Equal(hex, Convert.ToHexString(id.Data.Span));
        Assert.Equal(formatted, id.ToString());
        Assert.Equal(id, IkeIdentity.Parse(formatted));
    }

    [Fact]
    public void Any_is_a_wildcard_for_everything()
    {
        var any = IkeIdentity.Parse("%any");
        Assert.Same(IkeIdentity.Any, any);
        Assert.Equal("%any", any.ToString());
        Assert.Equal(IdentityMatch.Any, any.Match(IkeIdentity.Parse("moon.strongswan.org")));
        Assert.Equal(IdentityMatch.Any, any.Match(IkeIdentity.Parse("C=CH, O=strongSwan, CN=moon")));
        Assert.Throws<ArgumentException>(() => Ikev1IdentityConverter.ToIdPayload(any));
    }

    [Fact]
    public void Dn_is_encoded_in_written_order_with_printable_strings_like_the_lab_certificate()
    {
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "a.crt")));
        var id = IkeIdentity.Parse("C=XX, O=IKE Lab, CN=a.lab.example");
        Assert.Equal(IkeIdentityType.DerAsn1Dn, id.Type);
        Assert.Equal(certificate.SubjectName.RawData, id.Data.ToArray());
        Assert.Equal("C=XX, O=IKE Lab, CN=a.lab.example", id.ToString());

        var fromWire = Assert.IsType<IkeIdentity>(Decode(9, certificate.SubjectName.RawData));
        Assert.Equal(id, fromWire);
        Assert.Equal("C=XX, O=IKE Lab, CN=a.lab.example", fromWire.ToString());
    }

    [Fact]
    public void Dn_agrees_with_the_bcl_decoder_and_accepts_slash_notation()
    {
        var id = IkeIdentity.Parse("C=CH, O=strongSwan, CN=moon.strongswan.org");
        var bcl = new X500DistinguishedName(id.Data.Span);
        // .NET prints the most specific RDN first; strongSwan notation is in encoding order.
        Assert.Equal("CN=moon.strongswan.org, O=strongSwan, C=CH", bcl.Name);
        Assert.Equal(id, IkeIdentity.Parse("/C=CH/O=strongSwan/CN=moon.strongswan.org"));
        Assert.Equal(id, IkeIdentity.Parse("asn1dn:C=CH,O=strongSwan,CN=moon.strongswan.org"));
    }

    [Fact]
    public void Dn_string_types_follow_the_value()
    {
        var dn = IkeIdentity.Parse("C=CH, O=Zürich AG, CN=moon, E=moon@strongswan.org, DC=org").Dn!;
        Assert.Equal(
            [UniversalTagNumber.PrintableString, UniversalTagNumber.UTF8String, UniversalTagNumber.PrintableString, UniversalTagNumber.IA5String, UniversalTagNumber.PrintableString],
            dn.Attributes.Select(a => a.StringType));
        Assert.Equal("DC=org, E=moon@strongswan.org, CN=moon, O=Zürich AG, C=CH", new X500DistinguishedName(dn.Der.Span).Name);
    }

    public static TheoryData<string, string> PkiVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "strongswan-pki-dn-vectors.txt")))
        {
            if (line.StartsWith('#') || line.Length == 0) { continue; }
            var parts = line.Split('\t');
            data.Add(parts[0], parts[1]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PkiVectors))]
    public void Dn_encoding_equals_strongswan_pki_output(string dn, string derHex)
    {
        var id = IkeIdentity.Parse(dn);
        Assert.Equal(derHex, Convert.ToHexString(id.Data.Span));
        Assert.True(IkeIdentity.TryFromPayload((byte)IkeIdentityType.DerAsn1Dn, Convert.FromHexString(derHex), out var fromWire, out _));
        Assert.Equal(id, fromWire);
    }

    [Fact]
    public void Dn_values_with_commas_round_trip_through_escapes()
    {
        var id = IkeIdentity.Parse("C=CH, O=\"strongSwan, Inc.\", CN=moon");
        Assert.Equal("strongSwan, Inc.", id.Dn!.Attributes[1].Value);
        Assert.Equal("C=CH, O=strongSwan\\, Inc., CN=moon", id.ToString());
        Assert.Equal(id, IkeIdentity.Parse(id.ToString()));
    }

    [Theory]
    [InlineData("C=CH, O=strongSwan, CN=*", "C=CH, O=strongSwan, CN=moon", IdentityMatch.Wildcard)]
    [InlineData("C=CH, O=strongSwan, CN=moon", "C=CH, O=strongswan, CN=MOON", IdentityMatch.Exact)]
    [InlineData("C=CH, O=strongSwan, CN=*", "C=CH, O=other, CN=moon", IdentityMatch.None)]
    [InlineData("C=CH, O=strongSwan, CN=*", "C=CH, O=strongSwan, OU=x, CN=moon", IdentityMatch.None)]
    [InlineData("C=CH, CN=*, O=strongSwan", "C=CH, O=strongSwan, CN=moon", IdentityMatch.None)]
    [InlineData("*@example.com", "user@example.com", IdentityMatch.Wildcard)]
    [InlineData("*@example.com", "user@example.org", IdentityMatch.None)]
    [InlineData("*@example.com", "example.com", IdentityMatch.None)]
    [InlineData("*.example.com", "vpn.example.com", IdentityMatch.Wildcard)]
    [InlineData("*.example.com", "a.b.example.com", IdentityMatch.Wildcard)]
    [InlineData("*.example.com", "example.com", IdentityMatch.None)]
    [InlineData("vpn.example.com", "VPN.Example.com", IdentityMatch.Exact)]
    [InlineData("vpn.example.com", "vpn.example.org", IdentityMatch.None)]
    [InlineData("vpn.example.com", "@@vpn.example.com", IdentityMatch.None)]
    [InlineData("192.0.2.1", "192.0.2.1", IdentityMatch.Exact)]
    [InlineData("192.0.2.1", "192.0.2.2", IdentityMatch.None)]
    [InlineData("@#0123ab", "@#0123ab", IdentityMatch.Exact)]
    [InlineData("@#0123ab", "@#0123ac", IdentityMatch.None)]
    public void Matching(string configured, string peer, IdentityMatch expected)
    {
        Assert.Equal(expected, IkeIdentity.Parse(configured).Match(IkeIdentity.Parse(peer)));
    }

    [Fact]
    public void Wildcard_flag()
    {
        Assert.True(IkeIdentity.Parse("*@example.com").IsWildcard);
        Assert.True(IkeIdentity.Parse("C=CH, CN=*").IsWildcard);
        Assert.True(IkeIdentity.Any.IsWildcard);
        Assert.False(IkeIdentity.Parse("moon.strongswan.org").IsWildcard);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@#012")]
    [InlineData("@#xyz0")]
    [InlineData("@")]
    [InlineData("C=CHE, CN=moon")]
    [InlineData("C=CH, XX=moon")]
    [InlineData("C=CH, moon")]
    [InlineData("ipv4:2001:db8::1")]
    [InlineData("ipv6:10.0.0.1")]
    public void Bad_identities_give_errors(string text)
    {
        Assert.False(IkeIdentity.TryParse(text, out var id, out var error));
        Assert.Null(id);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void Ikev1_id_payloads_round_trip_and_match_the_lab_capture_form()
    {
        var id = IkeIdentity.Parse("a.lab.example");
        var payload = Ikev1IdentityConverter.ToIdPayload(id);
        Assert.Equal(IpsecDoiIdType.Fqdn, payload.IdType);
        Assert.Equal(0, payload.ProtocolId);
        Assert.Equal(0, payload.Port);
        Assert.Equal("a.lab.example"u8.ToArray(), payload.Data.ToArray());
        Assert.True(Ikev1IdentityConverter.TryFromIdPayload(payload, out var back, out _));
        Assert.Equal(id, back);

        foreach (var text in new[] { "192.0.2.1", "2001:db8::1", "user@example.com", "@#0102", "C=CH, O=strongSwan, CN=moon" })
        {
            var other = IkeIdentity.Parse(text);
            Assert.True(Ikev1IdentityConverter.TryFromIdPayload(Ikev1IdentityConverter.ToIdPayload(other), out var again, out var error), error.Message);
            Assert.Equal(other, again);
        }
    }

    [Fact]
    public void Wire_identities_are_validated_without_throwing()
    {
        Assert.Null(Decode(1, new byte[3]));
        Assert.Null(Decode(5, new byte[4]));
        Assert.Null(Decode(2, []));
        Assert.Null(Decode(4, new byte[8]));
        Assert.Null(Decode(9, [0x30, 0x05, 0x31]));
        Assert.Null(Decode(9, [0x04, 0x00]));
        Assert.NotNull(Decode(2, "x"u8.ToArray()));
        Assert.Null(Decode(11, new byte[IkeIdentity.MaxDataLength + 1]));
    }

    [Fact]
    public void Random_wire_data_never_throws_and_binary_identities_round_trip_through_text()
    {
        Gen.Select(Gen.Byte[0, 12], Gen.Byte.Array[0, 40]).Sample((type, data) =>
        {
            if (IkeIdentity.TryFromPayload(type, data, out var id, out var error))
            {
                Assert.Equal(data, id!.Data.ToArray());
                string text = id.ToString();
                if (id.Type is IkeIdentityType.Ipv4Address or IkeIdentityType.Ipv6Address or IkeIdentityType.KeyId)
                {
                    Assert.Equal(id, IkeIdentity.Parse(text));
                }
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error.Message));
            }
        });
    }

    [Fact]
    public void Generated_fqdns_and_emails_round_trip_through_text()
    {
        var label = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 10].Select(c => new string(c));
        var fqdn = label.Array[1, 4].Select(l => string.Join('.', l));
        Gen.Select(fqdn, label, Gen.Bool).Sample((name, user, email) =>
        {
            var id = IkeIdentity.Parse(email ? $"{user}@{name}" : "@" + name);
            Assert.Equal(email ? IkeIdentityType.Rfc822Address : IkeIdentityType.Fqdn, id.Type);
            Assert.Equal(id, IkeIdentity.Parse(id.ToString()));
        });
    }

    private static IkeIdentity? Decode(byte type, byte[] data) =>
        IkeIdentity.TryFromPayload(type, data, out var id, out _) ? id : null;
}
