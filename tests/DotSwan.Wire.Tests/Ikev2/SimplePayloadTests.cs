using System.Text;
using DotSwan.Wire.Ikev2;
using static DotSwan.Wire.Tests.Ikev2.Ikev2Bytes;

namespace DotSwan.Wire.Tests.Ikev2;

/// <summary>KE, IDi/IDr, CERT, CERTREQ, AUTH, Nonce, Vendor ID and EAP: fixed fields followed by data.</summary>
public sealed class SimplePayloadTests
{
    private static readonly Ikev2DecodeOptions Strict = new() { Strict = true };
    private static readonly byte[] Data = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Key_exchange()
    {
        var ke = Assert.IsType<KeyExchangePayload>(Ikev2Assert.RoundTrips(Single(34, Concat(U16(31), [0, 0], Data))).Payloads[0]);
        Assert.Equal(31, ke.Group);
        Assert.Equal(Data, ke.Data.ToArray());
        Ikev2Assert.Fails(Single(34, [0, 31, 0]), DecodeErrorReason.Truncated);
        Ikev2Assert.Fails(Single(34, Concat(U16(31), [0, 1], Data)), DecodeErrorReason.ReservedBitsSet, Strict);
        var view = new Ikev2MessageView();
        var bytes = Single(34, Concat(U16(19), [0, 0], Data));
        Assert.True(view.TryParse(bytes, out _));
        Assert.Equal(19, view.GetKeyExchangeGroup(bytes, 0));
    }

    [Theory]
    [InlineData(35, true)]
    [InlineData(36, false)]
    public void Identification(byte type, bool initiator)
    {
        var fqdn = Encoding.ASCII.GetBytes("moon.example.org");
        var id = Assert.IsType<IdentificationPayload>(Ikev2Assert.RoundTrips(Single(type, Concat([2, 0, 0, 0], fqdn))).Payloads[0]);
        Assert.Equal(initiator, id.IsInitiator);
        Assert.Equal((Ikev2PayloadType)type, id.PayloadType);
        Assert.Equal(IdType.Fqdn, id.IdType);
        Assert.Equal(fqdn, id.Data.ToArray());
        Ikev2Assert.Fails(Single(type, [2, 0, 0]), DecodeErrorReason.Truncated);
        Ikev2Assert.Fails(Single(type, Concat([2, 0, 1, 0], fqdn)), DecodeErrorReason.ReservedBitsSet, Strict);
    }

    [Fact]
    public void Certificate()
    {
        var cert = Assert.IsType<CertificatePayload>(Ikev2Assert.RoundTrips(Single(37, Concat([4], Data))).Payloads[0]);
        Assert.Equal(CertificateEncoding.X509CertificateSignature, cert.Encoding);
        Assert.Equal(Data, cert.Data.ToArray());
        Ikev2Assert.Fails(Single(37, []), DecodeErrorReason.Truncated);
    }

    [Fact]
    public void Certificate_request()
    {
        var req = Assert.IsType<CertificateRequestPayload>(Ikev2Assert.RoundTrips(Single(38, Concat([4], Data))).Payloads[0]);
        Assert.Equal(CertificateEncoding.X509CertificateSignature, req.Encoding);
        Assert.Equal(Data, req.CertificationAuthority.ToArray());
        Ikev2Assert.Fails(Single(38, []), DecodeErrorReason.Truncated);
    }

    [Fact]
    public void Authentication()
    {
        var auth = Assert.IsType<AuthenticationPayload>(Ikev2Assert.RoundTrips(Single(39, Concat([14, 0, 0, 0], Data))).Payloads[0]);
        Assert.Equal(AuthMethod.DigitalSignature, auth.Method);
        Assert.Equal(Data, auth.Data.ToArray());
        Ikev2Assert.Fails(Single(39, [2, 0]), DecodeErrorReason.Truncated);
        Ikev2Assert.Fails(Single(39, Concat([2, 9, 0, 0], Data)), DecodeErrorReason.ReservedBitsSet, Strict);
    }

    [Fact]
    public void Nonce_and_vendor_id_are_opaque()
    {
        var nonce = Assert.IsType<NoncePayload>(Ikev2Assert.RoundTrips(Single(40, Data)).Payloads[0]);
        Assert.Equal(Data, nonce.Data.ToArray());
        var vid = Assert.IsType<VendorIdPayload>(Ikev2Assert.RoundTrips(Single(43, Data)).Payloads[0]);
        Assert.Equal(Data, vid.Data.ToArray());
        Assert.True(Assert.IsType<NoncePayload>(Ikev2Assert.RoundTrips(Single(40, [])).Payloads[0]).Data.IsEmpty);
    }

    [Fact]
    public void Eap()
    {
        byte[] request = [1, 7, 0, 10, 1, .. "alice"u8];
        var eap = Assert.IsType<EapPayload>(Ikev2Assert.RoundTrips(Single(48, request)).Payloads[0]);
        Assert.Equal(1, eap.Code);
        Assert.Equal(7, eap.Identifier);
        Assert.Equal(10, eap.EapLength);
        Assert.Equal((byte)1, eap.EapType);
        var success = Assert.IsType<EapPayload>(Ikev2Assert.RoundTrips(Single(48, [3, 7, 0, 4])).Payloads[0]);
        Assert.Null(success.EapType);
        Ikev2Assert.Fails(Single(48, [3, 7, 0]), DecodeErrorReason.Truncated);
        Ikev2Assert.Fails(Single(48, [1, 7, 0, 11, 1, .. "alice"u8]), DecodeErrorReason.BadLength);
    }
}
