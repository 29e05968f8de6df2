using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>Extensible Authentication payload (RFC 7296 section 3.16): one whole EAP message (RFC 3748).</summary>
/// <param name="Message">The EAP message: Code, Identifier, Length, then Type and Type-Data for requests and responses.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record EapPayload(ReadOnlyMemory<byte> Message, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.ExtensibleAuthentication;

    /// <summary>EAP Code: 1 Request, 2 Response, 3 Success, 4 Failure.</summary>
    public byte Code => Message.Span[0];

    /// <summary>EAP Identifier.</summary>
    public byte Identifier => Message.Span[1];

    /// <summary>EAP Length field (equals the message length after successful decoding).</summary>
    public ushort EapLength => BinaryPrimitives.ReadUInt16BigEndian(Message.Span[2..]);

    /// <summary>EAP Type of a Request or Response; null for Success and Failure.</summary>
    public byte? EapType => (Code is 1 or 2) && Message.Length >= 5 ? Message.Span[4] : null;

    internal override int BodyLength => Message.Length;

    internal override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Message.Span);
}
