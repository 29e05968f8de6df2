namespace DotSwan.Wire.Ikev2;

/// <summary>Traffic Selector payload, TSi or TSr (RFC 7296 section 3.13).</summary>
/// <param name="IsInitiator">True for TSi (type 44), false for TSr (type 45).</param>
/// <param name="Selectors">The traffic selectors.</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record TrafficSelectorPayload(bool IsInitiator, IReadOnlyList<TrafficSelector> Selectors, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType =>
        IsInitiator ? Ikev2PayloadType.TrafficSelectorInitiator : Ikev2PayloadType.TrafficSelectorResponder;

    internal override int BodyLength
    {
        get
        {
            int length = 4;
            for (int i = 0; i < Selectors.Count; i++) { length += Selectors[i].EncodedLength; }
            return length;
        }
    }

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte(checked((byte)Selectors.Count));
        writer.WriteZeros(3);
        for (int i = 0; i < Selectors.Count; i++) { Selectors[i].Write(ref writer); }
    }
}
