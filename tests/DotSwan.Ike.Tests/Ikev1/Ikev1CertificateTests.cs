using System.Security.Cryptography.X509Certificates;
using DotSwan.Crypto.Certificates;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Tests.Authentication;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.TestSupport.Certificates;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>
/// IKEv1 Main Mode with RSA signatures and certificates (RFC 2409 §5.1) between two engines on the simulated network,
/// with a CA, end-entity certificates and CRLs made in the test (<see cref="CertificateScenario"/>).
/// </summary>
public sealed class Ikev1CertificateTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static readonly NetworkConditions Lossy = new(Loss: 0.2, Duplication: 0.2, MaxExtraDelay: TimeSpan.FromMilliseconds(300));

    /// <summary>Our <paramref name="certificate"/> (with <paramref name="intermediates"/>); the peer's must chain to <paramref name="trusted"/>.</summary>
    internal static Func<Ikev1Connection, Ikev1Connection> Configure(CertificateScenario certs, TestCertificate certificate,
        IEnumerable<X509Certificate2>? trusted = null, IEnumerable<byte[]>? crls = null, IEnumerable<X509Certificate2>? intermediates = null,
        string? localId = null, string? remoteId = null)
    {
        var local = certs.Local(certificate, intermediates);
        var trust = new CertificateTrust(trusted ?? [certs.Ca.Certificate], crls?.Select(Crl));
        return c => c with
        {
            LocalIdentity = localId is null ? c.LocalIdentity : IkeIdentity.Parse(localId),
            RemoteIdentity = remoteId is null ? c.RemoteIdentity : IkeIdentity.Parse(remoteId),
            Authentication = AuthenticationClass.PublicKey,
            LocalCertificate = local,
            CertificateTrust = trust,
        };
    }

    [Fact]
    public void Main_mode_with_RSA_certificates_establishes_and_quick_mode_keys_cross_check()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun));
        pair.Establish();

        AssertEstablished(pair);
        Assert.Equal("sun.example.org", Assert.Single(pair.Moon.Of<IkeSaEstablished>()).RemoteIdentity.ToString());
        Assert.Equal("moon.example.org", Assert.Single(pair.Sun.Of<IkeSaEstablished>()).RemoteIdentity.ToString());
        Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
        pair.AssertKeysCrossCheck();
        // Main Mode: 6 messages, Quick Mode: 3.
        Assert.Equal(9, pair.Network.Sent.Count);
        // The proposal says RSA signatures; message 4 (clear) carries sun's CERTREQ naming its CA by subject DN.
        var offer = Assert.Single(Decode(pair.Network.Sent[0].Datagram).Payloads.OfType<SecurityAssociationPayload>());
        Assert.All(offer.Proposals[0].Transforms, t => Assert.Contains(t.Attributes,
            a => a.Phase1Type == Phase1AttributeType.AuthenticationMethod && a.TryGetInteger(out ulong v) && v == (ulong)Ikev1AuthMethod.RsaSignature));
        var request = Assert.Single(Decode(pair.Network.Sent[3].Datagram).Payloads.OfType<CertificateRequestPayload>());
        Assert.Equal(Ikev1CertificateEncoding.X509Signature, request.CertificateType);
        Assert.Equal(certs.Ca.Certificate.SubjectName.RawData, request.CertificateAuthority.ToArray());
    }

    [Fact]
    public void Either_side_may_initiate()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun));
        pair.Network.Emit(pair.Sun, pair.Sun.Ikev1Engine.Initiate(pair.SunConnection, pair.Network.Now));
        pair.Network.Run(Limit);

        AssertEstablished(pair);
        Assert.True(Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IsInitiator);
        Assert.Equal("sun.example.org", Assert.Single(pair.Moon.Of<IkeSaEstablished>()).RemoteIdentity.ToString());
        Assert.Single(pair.Moon.Of<InstallChildSa>());
        pair.AssertKeysCrossCheck();
    }

    [Theory]
    [InlineData("C=CH, O=DotSwan Test, CN=moon.example.org")] // ID_DER_ASN1_DN: the subject
    [InlineData("moon.example.org")] // ID_FQDN: a dNSName
    [InlineData("moon@example.org")] // ID_USER_FQDN: an rfc822Name
    [InlineData("192.0.2.1")] // ID_IPV4_ADDR: an iPAddress
    public void Peer_identity_may_be_the_subject_DN_or_any_subjectAltName(string moonId)
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon, localId: moonId),
            configureSun: Configure(certs, certs.Sun, remoteId: moonId));
        pair.Establish();

        AssertEstablished(pair);
        Assert.Equal(IkeIdentity.Parse(moonId), Assert.Single(pair.Sun.Of<IkeSaEstablished>()).RemoteIdentity);
    }

    [Fact]
    public void Intermediate_CA_certificates_are_sent_after_ours_and_complete_the_chain()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var intermediate = certs.Own(certs.Ca.CreateIntermediate("C=CH, O=DotSwan Test, CN=DotSwan Test Intermediate CA", TestKeyType.Rsa,
            CertificateScenario.Epoch.AddDays(-60)));
        var moonCert = certs.Own(intermediate.Issue("C=CH, O=DotSwan Test, CN=moon.example.org", TestKeyType.Rsa,
            CertificateScenario.Epoch.AddDays(-30), dnsNames: ["moon.example.org"]));
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, moonCert, intermediates: [intermediate.Certificate]),
            configureSun: Configure(certs, certs.Sun));
        pair.Establish();

        AssertEstablished(pair);
    }

    [Fact]
    public void Responder_refuses_a_certificate_from_a_CA_it_does_not_trust_with_INVALID_CERTIFICATE()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var other = certs.Own(TestCertificateAuthority.CreateRoot("C=CH, O=Elsewhere, CN=Other CA", TestKeyType.Rsa, CertificateScenario.Epoch.AddYears(-1)));
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun, trusted: [other.Certificate]));
        pair.Establish();

        string reason = AssertRefusedByResponder(pair, "INVALID-CERTIFICATE: ");
        Assert.Contains("does not chain to a configured CA", reason, StringComparison.Ordinal);
        Assert.Contains("CN=moon.example.org", reason, StringComparison.Ordinal);
        // Sun told moon in a notification; moon names the certificate it presented.
        var moonFailure = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Contains("INVALID-CERTIFICATE", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Contains("rejected our authentication as moon.example.org (certificate 'C=CH, O=DotSwan Test, CN=moon.example.org'", moonFailure.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Responder_refuses_a_revoked_certificate()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var crl = certs.Ca.CreateCrl([certs.Moon.Certificate], CertificateScenario.Epoch.AddDays(-1));
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun, crls: [crl]));
        pair.Establish();

        string reason = AssertRefusedByResponder(pair, "INVALID-CERTIFICATE: ");
        Assert.Contains("revoked", reason, StringComparison.Ordinal);
        Assert.Contains(certs.Moon.Certificate.SerialNumber, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CRL_that_does_not_list_the_certificate_lets_it_through()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var crl = certs.Ca.CreateCrl([certs.Sun.Certificate], CertificateScenario.Epoch.AddDays(-1));
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun, crls: [crl]));
        pair.Establish();

        AssertEstablished(pair);
    }

    [Fact]
    public void Responder_refuses_an_identity_the_certificate_does_not_vouch_for_with_INVALID_ID_INFORMATION()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var sun = Configure(certs, certs.Sun);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon, localId: "mallory.example.org"),
            configureSun: c => sun(c) with { RemoteIdentity = IkeIdentity.Any });
        pair.Establish();

        string reason = AssertRefusedByResponder(pair, "INVALID-ID-INFORMATION: ");
        Assert.Contains("ID mismatch", reason, StringComparison.Ordinal);
        Assert.Contains("mallory.example.org", reason, StringComparison.Ordinal);
        Assert.Contains("DNS:moon.example.org", reason, StringComparison.Ordinal);
        Assert.Contains("INVALID-ID-INFORMATION", Assert.Single(pair.Moon.Of<IkeSaFailed>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Responder_refuses_an_identity_other_than_the_configured_one()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun, remoteId: "venus.example.org"));
        pair.Establish();

        string reason = AssertRefusedByResponder(pair, "INVALID-ID-INFORMATION: ");
        Assert.Contains("expects venus.example.org", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_certificate_is_refused()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var expired = certs.Own(certs.Ca.Issue("C=CH, O=DotSwan Test, CN=moon.example.org", TestKeyType.Rsa,
            CertificateScenario.Epoch.AddDays(-60), CertificateScenario.Epoch.AddDays(-1), dnsNames: ["moon.example.org"]));
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, expired), configureSun: Configure(certs, certs.Sun));
        pair.Establish();

        Assert.Contains("expired", AssertRefusedByResponder(pair, "INVALID-CERTIFICATE: "), StringComparison.Ordinal);
    }

    [Fact]
    public void Initiator_refuses_a_responder_certificate_from_an_untrusted_CA_and_the_responder_drops_its_SA()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var other = certs.Own(TestCertificateAuthority.CreateRoot("C=CH, O=Elsewhere, CN=Other CA", TestKeyType.Rsa, CertificateScenario.Epoch.AddYears(-1)));
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon, trusted: [other.Certificate]), configureSun: Configure(certs, certs.Sun));
        pair.Establish();

        var moonFailure = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, moonFailure.Kind);
        Assert.StartsWith("INVALID-CERTIFICATE: ", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Contains("does not chain to a configured CA", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Contains("CN=sun.example.org", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        // Sun had established with message 6; moon's protected informational (error + Delete) takes it down again.
        var sunSa = Assert.Single(pair.Sun.Of<IkeSaEstablished>()).IkeSa;
        Assert.Contains(pair.Sun.Of<IkeSaDeleted>(), d => d.IkeSa == sunSa);
        Assert.NotEqual(IsakmpSaState.Established, pair.Sun.Ikev1Engine.GetState(sunSa));
        Assert.Empty(pair.Sun.Of<InstallChildSa>());
    }

    [Fact]
    public void A_tampered_message_1_makes_the_initiators_signature_fail()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun));
        // An attacker on the path changes the proposed lifetime in moon's SA payload: the keys still agree, but HASH_I covers
        // SAi_b, so sun's HASH_I is not the one moon signed and the SIG must not verify.
        pair.Network.Tamper = (from, datagram) => from == "moon" && Decode(datagram) is { Header: { ExchangeType: IsakmpExchangeType.IdentityProtection, ResponderCookie: 0 } } message
            ? Encode(message with { Payloads = [.. message.Payloads.Select(LongerLifetime)] })
            : datagram;
        pair.Establish();

        Assert.Contains("bad signature", AssertRefusedByResponder(pair, "AUTHENTICATION-FAILED: "), StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_signature_in_message_5_or_6_is_ignored_and_the_retransmission_establishes()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun));
        // CBC has no MAC: flipping a ciphertext byte in the middle of the SIG payload garbles that block and one bit of the
        // next, both inside the signature, so messages 5 and 6 still decrypt and decode but their SIG fails. Only the first
        // copy of each is corrupted; the peer's retransmission (the original bytes) must still get through.
        var corrupted = new HashSet<string>();
        pair.Network.Tamper = (from, datagram) =>
        {
            if (!IsakmpMessageCodec.TryDecode(datagram, out var m, out _) || m!.Header.ExchangeType != IsakmpExchangeType.IdentityProtection
                || !m.IsEncrypted || !corrupted.Add(from))
            {
                return datagram;
            }
            var copy = datagram.ToArray();
            int body = copy.Length - IsakmpHeader.Size;
            int tail = from == "moon" ? 28 : 0; // moon's message 5 ends with N(INITIAL-CONTACT)
            copy[IsakmpHeader.Size + (body - tail - 16 - 128) / 16 * 16] ^= 0x40;
            return copy;
        };
        pair.Establish();

        Assert.Equal(2, corrupted.Count);
        AssertEstablished(pair);
        Assert.True(pair.Sun.Ikev1Engine.Counters.DecryptionFailures >= 1, "sun never saw the corrupted message 5");
        Assert.True(pair.Moon.Ikev1Engine.Counters.DecryptionFailures >= 1, "moon never saw the corrupted message 6");
        pair.AssertKeysCrossCheck();
    }

    [Fact]
    public void A_PSK_initiator_and_a_certificate_responder_agree_on_no_proposal()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(configureSun: Configure(certs, certs.Sun));
        pair.Establish();

        var sunFailure = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, sunFailure.Kind);
        Assert.Contains("PreSharedKey", sunFailure.Reason, StringComparison.Ordinal);
        Assert.Contains("RsaSignature", sunFailure.Reason, StringComparison.Ordinal);
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, Assert.Single(pair.Moon.Of<IkeSaFailed>()).Kind);
    }

    [Theory]
    [InlineData(TestKeyType.EcdsaP256, Ikev1AuthMethod.EcdsaSha256P256)]
    [InlineData(TestKeyType.EcdsaP384, Ikev1AuthMethod.EcdsaSha384P384)]
    [InlineData(TestKeyType.RsaPss, Ikev1AuthMethod.RsaSignature)] // an RSA key, whatever its CA signs with
    public void Main_mode_with_ECDSA_certificates_uses_the_RFC_4754_method_of_the_curve(TestKeyType keyType, Ikev1AuthMethod method)
    {
        using var certs = new CertificateScenario(keyType);
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun));
        pair.Establish();

        AssertEstablished(pair);
        pair.AssertKeysCrossCheck();
        var offer = Assert.Single(Decode(pair.Network.Sent[0].Datagram).Payloads.OfType<SecurityAssociationPayload>());
        Assert.All(offer.Proposals[0].Transforms, t => Assert.Contains(t.Attributes,
            a => a.Phase1Type == Phase1AttributeType.AuthenticationMethod && a.TryGetInteger(out ulong v) && v == (ulong)method));
    }

    [Fact]
    public void ECDSA_keys_on_different_curves_agree_on_no_proposal()
    {
        using var certs = new CertificateScenario(TestKeyType.EcdsaP256);
        var sunP384 = certs.Own(certs.Ca.Issue("C=CH, O=DotSwan Test, CN=sun.example.org", TestKeyType.EcdsaP384, CertificateScenario.Epoch.AddDays(-30),
            dnsNames: ["sun.example.org"]));
        using var pair = new Ikev1EnginePair(configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, sunP384));
        pair.Establish();

        var sunFailure = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, sunFailure.Kind);
        Assert.Contains("EcdsaSha256P256", sunFailure.Reason, StringComparison.Ordinal);
        Assert.Contains("EcdsaSha384P384", sunFailure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_connection_without_a_CA_is_refused_with_a_reason_before_anything_is_sent()
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var moon = Configure(certs, certs.Moon);
        using var pair = new Ikev1EnginePair(configureMoon: c => moon(c) with { CertificateTrust = null }, configureSun: Configure(certs, certs.Sun));
        pair.Establish();

        var failure = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.NoProposalChosen, failure.Kind);
        Assert.Contains("needs the CA certificates", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Network.Sent);
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Establishes_despite_20_percent_loss_duplication_and_reordering(int seed)
    {
        using var certs = new CertificateScenario(seed % 3 == 0 ? TestKeyType.EcdsaP256 : TestKeyType.Rsa);
        using var pair = new Ikev1EnginePair(seed, Lossy, configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun));
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(10));

        AssertEstablished(pair);
        Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
        pair.AssertKeysCrossCheck();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_revoked_certificate_is_refused_despite_loss(int seed)
    {
        using var certs = new CertificateScenario(TestKeyType.Rsa);
        var crl = certs.Ca.CreateCrl([certs.Moon.Certificate], CertificateScenario.Epoch.AddDays(-1));
        using var pair = new Ikev1EnginePair(seed, Lossy, configureMoon: Configure(certs, certs.Moon), configureSun: Configure(certs, certs.Sun, crls: [crl]));
        pair.Initiate();
        pair.Network.Run(TimeSpan.FromMinutes(10));

        var sunFailure = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.StartsWith("INVALID-CERTIFICATE: ", sunFailure.Reason, StringComparison.Ordinal);
        Assert.Contains("revoked", sunFailure.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Sun.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        // Moon fails too: from sun's notification, or (if that was lost) after its retransmissions go unanswered.
        Assert.Single(pair.Moon.Of<IkeSaFailed>());
    }

    private static IsakmpPayload LongerLifetime(IsakmpPayload payload)
    {
        if (payload is not SecurityAssociationPayload sa) { return payload; }
        var proposal = sa.Proposals[0];
        var transforms = proposal.Transforms.Select(t => t with
        {
            Attributes = [.. t.Attributes.Select(a => a.Phase1Type == Phase1AttributeType.LifeDuration && a.TryGetInteger(out ulong v)
                ? IsakmpAttribute.FromInteger(a.Type, v + 1) : a)],
        }).ToList();
        return sa with { Proposals = [proposal with { Transforms = transforms }] };
    }

    private static byte[] Encode(IsakmpMessage message)
    {
        var bytes = new byte[IsakmpMessageCodec.GetEncodedLength(message)];
        IsakmpMessageCodec.Encode(message, bytes);
        return bytes;
    }

    private static void AssertEstablished(Ikev1EnginePair pair)
    {
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        var moon = Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        var sun = Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Equal(moon.IkeSa, sun.IkeSa);
        Assert.Equal(IsakmpSaState.Established, pair.Moon.Ikev1Engine.GetState(moon.IkeSa));
        Assert.Equal(IsakmpSaState.Established, pair.Sun.Ikev1Engine.GetState(moon.IkeSa));
    }

    /// <summary>Sun refused moon's message 5 with the notification <paramref name="prefix"/> names; neither side holds an SA. Returns sun's reason.</summary>
    private static string AssertRefusedByResponder(Ikev1EnginePair pair, string prefix)
    {
        var sunFailure = Assert.Single(pair.Sun.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, sunFailure.Kind);
        Assert.StartsWith(prefix, sunFailure.Reason, StringComparison.Ordinal);
        var moonFailure = Assert.Single(pair.Moon.Of<IkeSaFailed>());
        Assert.Equal(IkeSaFailureKind.AuthenticationFailed, moonFailure.Kind);
        Assert.Contains($"peer sent {prefix.TrimEnd(':', ' ')}", moonFailure.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.Moon.Of<IkeSaEstablished>());
        Assert.Empty(pair.Sun.Of<IkeSaEstablished>());
        Assert.Empty(pair.Moon.Of<InstallChildSa>());
        Assert.Empty(pair.Sun.Of<InstallChildSa>());
        return sunFailure.Reason;
    }

    private static IsakmpMessage Decode(byte[] datagram)
    {
        Assert.True(IsakmpMessageCodec.TryDecode(datagram, out var message, out var error), error.ToString());
        return message!;
    }

    private static CertificateRevocationList Crl(byte[] der)
    {
        Assert.True(CertificateRevocationList.TryDecode(der, out var crl, out var error), error.ToString());
        return crl;
    }
}
