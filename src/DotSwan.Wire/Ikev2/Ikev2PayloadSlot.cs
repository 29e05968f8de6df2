namespace DotSwan.Wire.Ikev2;

/// <summary>Where one payload sits in a parsed buffer (see <see cref="Ikev2MessageView"/>).</summary>
/// <param name="Type">Payload type.</param>
/// <param name="Critical">The Critical bit.</param>
/// <param name="NextPayload">The payload's own Next Payload field (for SK and SKF: the first inner payload type).</param>
/// <param name="Offset">Offset of the generic payload header in the parsed buffer.</param>
/// <param name="Length">Payload length including the four-byte generic header.</param>
public readonly record struct Ikev2PayloadSlot(Ikev2PayloadType Type, bool Critical, Ikev2PayloadType NextPayload, int Offset, int Length)
{
    /// <summary>Offset of the body (after the generic header) in the parsed buffer.</summary>
    public int BodyOffset => Offset + 4;

    /// <summary>Length of the body.</summary>
    public int BodyLength => Length - 4;

    /// <summary>True when this codec decodes the payload type (false: kept as <see cref="UnknownPayload"/>).</summary>
    public bool IsKnown => Ikev2PayloadValidator.IsKnown(Type);
}
