using System.Net;
using CsCheck;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Wire.Tests.Ikev2;

/// <summary>CsCheck generators of valid IKEv2 messages built from the typed model, covering every payload kind.</summary>
public static class Ikev2Generators
{
    private static Gen<ReadOnlyMemory<byte>> Bytes(int min, int max) => Gen.Byte.Array[min, max].Select(b => (ReadOnlyMemory<byte>)b);

    private static readonly Gen<TransformAttribute> TransformAttribute = Gen.OneOf(
        from type in Gen.UShort[0, 0x7fff]
        from value in Gen.UShort
        select new TransformAttribute((TransformAttributeType)type, true, value, default),
        from type in Gen.UShort[0, 0x7fff]
        from data in Bytes(0, 6)
        select new TransformAttribute((TransformAttributeType)type, false, 0, data));

    private static readonly Gen<Transform> Transform =
        from type in Gen.Byte
        from id in Gen.UShort
        from attributes in TransformAttribute.Array[0, 3]
        select new Transform((TransformType)type, id, attributes);

    private static readonly Gen<(ProtocolId Protocol, int SpiSize)> ProposalProtocol =
        Gen.OneOf((ProtocolId.Ike, 0), (ProtocolId.Ike, 8), (ProtocolId.Ah, 4), (ProtocolId.Esp, 4));

    private static readonly Gen<Proposal> Proposal =
        from number in Gen.Byte
        from protocol in ProposalProtocol
        from spi in Bytes(protocol.SpiSize, protocol.SpiSize)
        from transforms in Transform.Array[0, 5]
        select new Proposal(number, protocol.Protocol, spi, transforms);

    private static readonly Gen<TrafficSelector> Selector = Gen.OneOf(
        from protocol in Gen.Byte
        from start in Gen.UShort
        from end in Gen.UShort
        from a in Gen.Byte.Array[4]
        from b in Gen.Byte.Array[4]
        select new TrafficSelector(TrafficSelectorType.Ipv4AddressRange, protocol, start, end, new IPAddress(a), new IPAddress(b)),
        from protocol in Gen.Byte
        from start in Gen.UShort
        from end in Gen.UShort
        from a in Gen.Byte.Array[16]
        from b in Gen.Byte.Array[16]
        select new TrafficSelector(TrafficSelectorType.Ipv6AddressRange, protocol, start, end, new IPAddress(a), new IPAddress(b)));

    private static readonly Gen<(ProtocolId Protocol, int SpiSize)> NotifyProtocol =
        Gen.OneOf(Gen.Byte.Select(p => ((ProtocolId)p, 0)), Gen.OneOf((ProtocolId.Ike, 8), (ProtocolId.Ah, 4), (ProtocolId.Esp, 4)));

    private static readonly Gen<ReadOnlyMemory<byte>> EapMessage =
        from code in Gen.Byte[1, 4]
        from id in Gen.Byte
        from data in Gen.Byte.Array[code <= 2 ? 1 : 0, code <= 2 ? 20 : 0]
        select (ReadOnlyMemory<byte>)(byte[])[code, id, (byte)((4 + data.Length) >> 8), (byte)(4 + data.Length), .. data];

    private static readonly Gen<Ikev2PayloadType> UnknownType =
        Gen.Byte.Where(b => b is (> 0 and < 33) or (> 48 and < 53) or > 53).Select(b => (Ikev2PayloadType)b);

    /// <summary>Any payload that may appear before the end of a chain (not SK or SKF).</summary>
    public static readonly Gen<Ikev2Payload> Payload = Gen.Bool.SelectMany(critical => Gen.OneOf<Ikev2Payload>(
        Proposal.Array[1, 4].Select(p => (Ikev2Payload)new SecurityAssociationPayload(p, critical)),
        from g in Gen.UShort from d in Bytes(0, 40) select (Ikev2Payload)new KeyExchangePayload(g, d, critical),
        from i in Gen.Bool from t in Gen.Byte from d in Bytes(0, 20) select (Ikev2Payload)new IdentificationPayload(i, (IdType)t, d, critical),
        from e in Gen.Byte from d in Bytes(0, 40) select (Ikev2Payload)new CertificatePayload((CertificateEncoding)e, d, critical),
        from e in Gen.Byte from d in Bytes(0, 40) select (Ikev2Payload)new CertificateRequestPayload((CertificateEncoding)e, d, critical),
        from m in Gen.Byte from d in Bytes(0, 40) select (Ikev2Payload)new AuthenticationPayload((AuthMethod)m, d, critical),
        Bytes(0, 40).Select(d => (Ikev2Payload)new NoncePayload(d, critical)),
        from p in NotifyProtocol from spi in Bytes(p.SpiSize, p.SpiSize) from t in Gen.UShort from d in Bytes(0, 20)
        select (Ikev2Payload)new NotifyPayload(p.Protocol, spi, (NotifyType)t, d, critical),
        Gen.OneOf(
            Gen.Const((Ikev2Payload)new DeletePayload(ProtocolId.Ike, 0, [], critical)),
            from p in Gen.OneOf(ProtocolId.Ah, ProtocolId.Esp) from spis in Bytes(4, 4).Array[0, 5]
            select (Ikev2Payload)new DeletePayload(p, 4, spis, critical)),
        Bytes(0, 20).Select(d => (Ikev2Payload)new VendorIdPayload(d, critical)),
        from i in Gen.Bool from s in Selector.Array[0, 4] select (Ikev2Payload)new TrafficSelectorPayload(i, s, critical),
        from t in Gen.Byte
        from attributes in (from at in Gen.UShort[0, 0x7fff] from v in Bytes(0, 16) select new ConfigurationAttribute((ConfigurationAttributeType)at, v)).Array[0, 5]
        select (Ikev2Payload)new ConfigurationPayload((ConfigurationType)t, attributes, critical),
        EapMessage.Select(m => (Ikev2Payload)new EapPayload(m, critical)),
        from t in UnknownType from d in Bytes(0, 20) select (Ikev2Payload)new UnknownPayload(t, d)));

    /// <summary>An SK or SKF payload to end a chain.</summary>
    public static readonly Gen<Ikev2Payload> Encrypted = Gen.OneOf<Ikev2Payload>(
        from first in Gen.Byte from body in Bytes(0, 60) select (Ikev2Payload)new EncryptedPayload((Ikev2PayloadType)first, body),
        from total in Gen.UShort[1, ushort.MaxValue]
        from number in Gen.UShort[1, total]
        from first in Gen.Byte
        from body in Bytes(0, 60)
        select (Ikev2Payload)new EncryptedFragmentPayload((Ikev2PayloadType)first, number, total, body));

    public static readonly Gen<IReadOnlyList<Ikev2Payload>> Chain =
        from payloads in Payload.Array[0, 8]
        from encrypted in Gen.Frequency((3, Gen.Const((Ikev2Payload?)null)), (1, Encrypted.Select(e => (Ikev2Payload?)e)))
        select (IReadOnlyList<Ikev2Payload>)(encrypted is null ? payloads : [.. payloads, encrypted]);

    public static readonly Gen<Ikev2Message> Message =
        from spis in Gen.Select(Gen.ULong, Gen.ULong)
        from minor in Gen.Byte[0, 15]
        from exchange in Gen.Byte
        from flags in Gen.Byte
        from messageId in Gen.UInt
        from payloads in Chain
        select new Ikev2Message(new Ikev2Header(spis.Item1, spis.Item2, 0, 2, minor, (Ikev2ExchangeType)exchange, (Ikev2HeaderFlags)(flags & 0x38), messageId, 0), payloads);
}
