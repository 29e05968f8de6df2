using System.Buffers.Binary;
using System.Net;

namespace DotSwan.Wire.Ikev2;

/// <summary>Builds typed payloads from bodies that <see cref="Ikev2PayloadValidator"/> accepted, so reads need no checks.</summary>
internal static class Ikev2PayloadReader
{
    public static List<Ikev2Payload> ReadAll(Ikev2MessageView view, ReadOnlyMemory<byte> buffer)
    {
        var payloads = new List<Ikev2Payload>(view.Count);
        foreach (var slot in view.Payloads)
        {
            payloads.Add(Read(slot, buffer.Slice(slot.BodyOffset, slot.BodyLength)));
        }
        return payloads;
    }

    private static Ikev2Payload Read(Ikev2PayloadSlot slot, ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        bool critical = slot.Critical;
        return slot.Type switch
        {
            Ikev2PayloadType.SecurityAssociation => new SecurityAssociationPayload(ReadProposals(body), critical),
            Ikev2PayloadType.KeyExchange => new KeyExchangePayload(BinaryPrimitives.ReadUInt16BigEndian(span), body[4..], critical),
            Ikev2PayloadType.IdentificationInitiator or Ikev2PayloadType.IdentificationResponder =>
                new IdentificationPayload(slot.Type == Ikev2PayloadType.IdentificationInitiator, (IdType)span[0], body[4..], critical),
            Ikev2PayloadType.Certificate => new CertificatePayload((CertificateEncoding)span[0], body[1..], critical),
            Ikev2PayloadType.CertificateRequest => new CertificateRequestPayload((CertificateEncoding)span[0], body[1..], critical),
            Ikev2PayloadType.Authentication => new AuthenticationPayload((AuthMethod)span[0], body[4..], critical),
            Ikev2PayloadType.Nonce => new NoncePayload(body, critical),
            Ikev2PayloadType.Notify => new NotifyPayload(
                (ProtocolId)span[0], body.Slice(4, span[1]), (NotifyType)BinaryPrimitives.ReadUInt16BigEndian(span[2..]), body[(4 + span[1])..], critical),
            Ikev2PayloadType.Delete => ReadDelete(body, critical),
            Ikev2PayloadType.VendorId => new VendorIdPayload(body, critical),
            Ikev2PayloadType.TrafficSelectorInitiator or Ikev2PayloadType.TrafficSelectorResponder =>
                new TrafficSelectorPayload(slot.Type == Ikev2PayloadType.TrafficSelectorInitiator, ReadSelectors(span), critical),
            Ikev2PayloadType.Encrypted => new EncryptedPayload(slot.NextPayload, body, critical),
            Ikev2PayloadType.EncryptedFragment => new EncryptedFragmentPayload(
                slot.NextPayload, BinaryPrimitives.ReadUInt16BigEndian(span), BinaryPrimitives.ReadUInt16BigEndian(span[2..]), body[4..], critical),
            Ikev2PayloadType.Configuration => new ConfigurationPayload((ConfigurationType)span[0], ReadConfigurationAttributes(body), critical),
            Ikev2PayloadType.ExtensibleAuthentication => new EapPayload(body, critical),
            _ => new UnknownPayload(slot.Type, body, critical),
        };
    }

    private static Proposal[] ReadProposals(ReadOnlyMemory<byte> body)
    {
        var proposals = new List<Proposal>();
        int position = 0;
        while (position < body.Length)
        {
            var bytes = body.Span[position..];
            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            int spiSize = bytes[6];
            var transforms = new Transform[bytes[7]];
            int at = position + 8 + spiSize;
            for (int i = 0; i < transforms.Length; i++)
            {
                var t = body.Span[at..];
                int transformLength = BinaryPrimitives.ReadUInt16BigEndian(t[2..]);
                transforms[i] = new Transform(
                    (TransformType)t[4], BinaryPrimitives.ReadUInt16BigEndian(t[6..]), ReadTransformAttributes(body.Slice(at + 8, transformLength - 8)));
                at += transformLength;
            }
            proposals.Add(new Proposal(bytes[4], (ProtocolId)bytes[5], body.Slice(position + 8, spiSize), transforms));
            position += length;
        }
        return [.. proposals];
    }

    private static TransformAttribute[] ReadTransformAttributes(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty) { return []; }
        var attributes = new List<TransformAttribute>(1);
        int position = 0;
        while (position < bytes.Length)
        {
            var a = bytes.Span[position..];
            var type = (TransformAttributeType)(BinaryPrimitives.ReadUInt16BigEndian(a) & 0x7fff);
            ushort value = BinaryPrimitives.ReadUInt16BigEndian(a[2..]);
            if ((a[0] & 0x80) != 0)
            {
                attributes.Add(new TransformAttribute(type, true, value, default));
                position += 4;
            }
            else
            {
                attributes.Add(new TransformAttribute(type, false, 0, bytes.Slice(position + 4, value)));
                position += 4 + value;
            }
        }
        return [.. attributes];
    }

    private static DeletePayload ReadDelete(ReadOnlyMemory<byte> body, bool critical)
    {
        var span = body.Span;
        int spiSize = span[1];
        var spis = new ReadOnlyMemory<byte>[BinaryPrimitives.ReadUInt16BigEndian(span[2..])];
        for (int i = 0; i < spis.Length; i++) { spis[i] = body.Slice(4 + (i * spiSize), spiSize); }
        return new DeletePayload((ProtocolId)span[0], (byte)spiSize, spis, critical);
    }

    private static TrafficSelector[] ReadSelectors(ReadOnlySpan<byte> body)
    {
        var selectors = new TrafficSelector[body[0]];
        int position = 4;
        for (int i = 0; i < selectors.Length; i++)
        {
            var s = body[position..];
            var type = (TrafficSelectorType)s[0];
            int addressLength = type == TrafficSelectorType.Ipv6AddressRange ? 16 : 4;
            selectors[i] = new TrafficSelector(
                type,
                s[1],
                BinaryPrimitives.ReadUInt16BigEndian(s[4..]),
                BinaryPrimitives.ReadUInt16BigEndian(s[6..]),
                new IPAddress(s.Slice(8, addressLength)),
                new IPAddress(s.Slice(8 + addressLength, addressLength)));
            position += 8 + (2 * addressLength);
        }
        return selectors;
    }

    private static ConfigurationAttribute[] ReadConfigurationAttributes(ReadOnlyMemory<byte> body)
    {
        var attributes = new List<ConfigurationAttribute>();
        int position = 4;
        while (position < body.Length)
        {
            var a = body.Span[position..];
            int length = BinaryPrimitives.ReadUInt16BigEndian(a[2..]);
            attributes.Add(new ConfigurationAttribute(
                (ConfigurationAttributeType)(BinaryPrimitives.ReadUInt16BigEndian(a) & 0x7fff), body.Slice(position + 4, length)));
            position += 4 + length;
        }
        return [.. attributes];
    }
}
