using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Ikev2.Authentication;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.TestSupport.Certificates;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Tests.Authentication;

/// <summary>Two engines authenticating with certificates from a CA made in the test, over the simulated network.</summary>
public sealed class Ikev2EngineCertificateTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.RsaPss)]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    public void Establishes_with_certificates_of_each_key_type(TestKeyType keyType)
    {
        using var certs = new CertificateScenario(keyType);
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon), configureSun: certs.Configure(certs.Sun));
        pair.Initiate();
        pair.Network.Run(Limit);

        AssertEstablished(pair);
        Assert.Equal("sun.example.org", Assert.Single(pair.Moon.Of<IkeSaEstablished>()).RemoteIdentity.ToString());
        Assert.Equal("moon.example.org", Assert.Single(pair.Sun.Of<IkeSaEstablished>()).RemoteIdentity.ToString());
        Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
    }

    [Theory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    public void Establishes_with_the_classic_auth_methods_when_neither_side_announces_RFC_7427(TestKeyType keyType)
    {
        using var certs = new CertificateScenario(keyType);
        var moon = certs.Configure(certs.Moon);
        var sun = certs.Configure(certs.Sun);
        using var pair = new EnginePair(configureMoon: c => moon(c) with { AnnounceSignatureHashes = false },
            configureSun: c => sun(c) with { AnnounceSignatureHashes = false });
        pair.Initiate();
        pair.Network.Run(Limit);

        AssertEstablished(pair);
        // No SIGNATURE_HASH_ALGORITHMS in either IKE_SA_INIT message.
        Assert.All(pair.Network.Sent.Take(2), s => Assert.DoesNotContain(Decode(s.Datagram).Payloads.OfType<NotifyPayload>(),
            n => n.NotifyType == NotifyType.SignatureHashAlgorithms));
    }

    [Fact]
    public void Responder_sends_a_CERTREQ_naming_its_CA_and_the_initiator_answers_with_its_certificate()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon), configureSun: certs.Configure(certs.Sun));
        pair.Initiate();
        pair.Network.Run(Limit);

        AssertEstablished(pair);
        var response = Decode(pair.Network.Sent[1].Datagram);
        var request = Assert.Single(response.Payloads.OfType<CertificateRequestPayload>());
        Assert.Equal(CertificateEncoding.X509CertificateSignature, request.Encoding);
        Assert.Equal(CertificateTrust.KeyHash(certs.Ca.Certificate), request.CertificationAuthority.ToArray());
    }

    [Theory]
    [InlineData("C=CH, O=DotSwan Test, CN=moon.example.org")]
    [InlineData("moon@example.org")]
    [InlineData("192.0.2.1")]
    public void Peer_identity_may_be_the_subject_DN_or_any_subjectAltName(string moonId)
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var sun = certs.Configure(certs.Sun);
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon, localId: moonId),
            configureSun: c => sun(c) with { RemoteIdentity = IkeIdentity.Parse(moonId) });
        pair.Initiate();
        pair.Network.Run(Limit);

        AssertEstablished(pair);
        Assert.Equal(IkeIdentity.Parse(moonId), Assert.Single(pair.Sun.Of<IkeSaEstablished>()).RemoteIdentity);
    }

    [Fact]
    public void Intermediate_CA_certificates_are_sent_and_complete_the_chain()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var intermediate = certs.Own(certs.Ca.CreateIntermediate("C=CH, O=DotSwan Test, CN=DotSwan Test Intermediate CA", TestKeyType.EcdsaP384,
            CertificateScenario.Epoch.AddDays(-60)));
        var moonCert = certs.Own(intermediate.Issue("C=CH, O=DotSwan Test, CN=moon.example.org", TestKeyType.EcdsaP256,
            CertificateScenario.Epoch.AddDays(-30), dnsNames: ["moon.example.org"]));
        using var pair = new EnginePair(configureMoon: certs.Configure(moonCert, intermediates: [intermediate.Certificate]),
            configureSun: certs.Configure(certs.Sun));
        pair.Initiate();
        pair.Network.Run(Limit);

        AssertEstablished(pair);
    }

    [Theory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.EcdsaP256)]
    public void Responder_refuses_a_certificate_from_a_CA_it_does_not_trust(TestKeyType keyType)
    {
        using var certs = new CertificateScenario(keyType);
        var other = certs.Own(TestCertificateAuthority.CreateRoot("C=CH, O=Elsewhere, CN=Other CA", keyType, CertificateScenario.Epoch.AddYears(-1)));
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon), configureSun: certs.Configure(certs.Sun, trusted: [other.Certificate]));
        pair.Initiate();
        pair.Network.Run(Limit);

        string reason = AssertRefusedByResponder(pair);
        Assert.Contains("does not chain to a configured CA", reason, StringComparison.Ordinal);
        Assert.Contains("CN=moon.example.org", reason, StringComparison.Ordinal);
        // Moon learns only that sun refused it, and which certificate it presented.
        Assert.Contains("rejected our authentication as moon.example.org (certificate 'C=CH, O=DotSwan Test, CN=moon.example.org' (SigningKey(",
            Assert.Single(pair.Moon.Of<IkeSaFailed>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Responder_refuses_an_expired_certificate()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var expired = certs.Own(certs.Ca.Issue("C=CH, O=DotSwan Test, CN=moon.example.org", TestKeyType.EcdsaP256,
            CertificateScenario.Epoch.AddDays(-60), CertificateScenario.Epoch.AddDays(-1), dnsNames: ["moon.example.org"]));
        using var pair = new EnginePair(configureMoon: certs.Configure(expired), configureSun: certs.Configure(certs.Sun));
        pair.Initiate();
        pair.Network.Run(Limit);

        Assert.Contains("expired", AssertRefusedByResponder(pair), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.EcdsaP384)]
    public void Responder_refuses_a_revoked_certificate(TestKeyType keyType)
    {
        using var certs = new CertificateScenario(keyType);
        var crl = certs.Ca.CreateCrl([certs.Moon.Certificate], CertificateScenario.Epoch.AddDays(-1));
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon), configureSun: certs.Configure(certs.Sun, crls: [crl]));
        pair.Initiate();
        pair.Network.Run(Limit);

        string reason = AssertRefusedByResponder(pair);
        Assert.Contains("revoked", reason, StringComparison.Ordinal);
        Assert.Contains(certs.Moon.Certificate.SerialNumber, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CRL_that_does_not_list_the_certificate_lets_it_through()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var crl = certs.Ca.CreateCrl([certs.Sun.Certificate], CertificateScenario.Epoch.AddDays(-1));
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon), configureSun: certs.Configure(certs.Sun, crls: [crl]));
        pair.Initiate();
        pair.Network.Run(Limit);

        AssertEstablished(pair);
    }

    [Fact]
    public void Responder_refuses_an_identity_the_certificate_does_not_vouch_for()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var sun = certs.Configure(certs.Sun);
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon, localId: "mallory.example.org"),
            configureSun: c => sun(c) with { RemoteIdentity = IkeIdentity.Any });
        pair.Initiate();
        pair.Network.Run(Limit);

        string reason = AssertRefusedByResponder(pair);
        Assert.Contains("ID mismatch", reason, StringComparison.Ordinal);
        Assert.Contains("mallory.example.org", reason, StringComparison.Ordinal);
        Assert.Contains("DNS:moon.example.org", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.RsaPss)]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    public void A_tampered_IKE_SA_INIT_makes_the_initiators_AUTH_signature_fail(TestKeyType keyType)
    {
        using var certs = new CertificateScenario(keyType);
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon), configureSun: certs.Configure(certs.Sun));
        // An attacker on the path changes a NAT detection hash in moon's IKE_SA_INIT: the keys still agree, but the
        // message sun signs over is not the one moon sent, so moon's AUTH signature must not verify (RFC 7296 §2.15).
        pair.Network.Tamper = (from, datagram) => from == "moon" && Decode(datagram) is { Header.ExchangeType: Ikev2ExchangeType.IkeSaInit } message
            ? Ikev2MessageCodec.Encode(message with { Payloads = [.. message.Payloads.Select(FlipNatDetection)] })
            : datagram;
        pair.Initiate();
        pair.Network.Run(Limit);

        Assert.Contains("bad signature", AssertRefusedByResponder(pair), StringComparison.Ordinal);
    }

    [Fact]
    public void Initiator_refuses_a_responder_certificate_from_an_untrusted_CA_and_tells_the_responder()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var other = certs.Own(TestCertificateAuthority.CreateRoot("C=CH, O=Elsewhere, CN=Other CA", TestKeyType.EcdsaP256, CertificateScenario.Epoch.AddYears(-1)));
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon, trusted: [other.Certificate]), configureSun: certs.Configure(certs.Sun));
        pair.Initiate();
        pair.Network.Run(Limit);

        var moonFailure = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, moonFailure.Kind);
        Assert.Contains("does not chain to a configured CA", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Contains("CN=sun.example.org", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        // Sun had established and installed; moon's INFORMATIONAL with AUTHENTICATION_FAILED takes it down again.
        Assert.Contains(pair.Sun.Of<IkeSaFailed>(), f => f.Kind == IkeSaFailureKind.AuthenticationFailed);
        Assert.Single(pair.Sun.Of<DeleteChildSa>());
    }

    [Fact]
    public void Each_side_may_use_its_own_method_certificate_one_way_and_PSK_the_other()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var moonLocal = certs.Local(certs.Moon);
        var trust = new CertificateTrust([certs.Ca.Certificate]);
        using var pair = new EnginePair(
            configureMoon: c => c with { LocalAuthentication = AuthenticationClass.PublicKey, LocalCertificate = moonLocal },
            configureSun: c => c with { RemoteAuthentication = AuthenticationClass.PublicKey, CertificateTrust = trust });
        pair.Initiate();
        pair.Network.Run(Limit);

        AssertEstablished(pair);
    }

    [Fact]
    public void Responder_that_requires_a_certificate_refuses_a_PSK_initiator()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new EnginePair(configureSun: certs.Configure(certs.Sun));
        pair.Initiate();
        pair.Network.Run(Limit);

        Assert.Contains("expects a certificate signature", AssertRefusedByResponder(pair), StringComparison.Ordinal);
    }

    [Fact]
    public void Responder_with_PSK_refuses_a_certificate_initiator()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        using var pair = new EnginePair(configureMoon: certs.Configure(certs.Moon));
        pair.Initiate();
        pair.Network.Run(Limit);

        Assert.Contains("expects a pre-shared key", AssertRefusedByResponder(pair), StringComparison.Ordinal);
    }

    private static void AssertEstablished(EnginePair pair)
    {
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        var moon = Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(moon.IkeSa, sun.IkeSa);
        Assert.Equal(IkeSaState.Established, pair.Moon.Engine.GetState(moon.IkeSa));
    }

    /// <summary>Sun refused moon's IKE_AUTH, told moon, and neither side holds an SA; returns sun's reason.</summary>
    private static string AssertRefusedByResponder(EnginePair pair)
    {
        var sunFailure = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, sunFailure.Kind);
        Assert.StartsWith("AUTHENTICATION_FAILED: ", sunFailure.Reason, StringComparison.Ordinal);
        var moonFailure = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, moonFailure.Kind);
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        Assert.Empty(pair.Sun.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        Assert.Empty(pair.Sun.Of<InstallChildSa>());
        return sunFailure.Reason;
    }

    private static Ikev2Message Decode(byte[] datagram)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }

    private static Ikev2Payload FlipNatDetection(Ikev2Payload payload)
    {
        if (payload is not NotifyPayload { NotifyType: NotifyType.NatDetectionSourceIp } notify) { return payload; }
        var data = notify.Data.ToArray();
        data[0] ^= 0x01;
        return notify with { Data = data };
    }
}
