namespace DotSwan.Wire.Ikev2;

/// <summary>
/// Base of every IKEv2 payload. Byte fields are <see cref="ReadOnlyMemory{T}"/> slices of one copy of the
/// decoded message, so record equality compares them by reference, not content.
/// </summary>
/// <param name="Critical">The Critical bit of the generic payload header, kept for exact re-encoding.</param>
public abstract record Ikev2Payload(bool Critical)
{
    /// <summary>The payload type written in the previous payload's Next Payload field.</summary>
    public abstract Ikev2PayloadType PayloadType { get; }

    /// <summary>The Next Payload value this payload's own generic header carries when it is last in its chain (SK and SKF name the first inner payload).</summary>
    internal virtual Ikev2PayloadType LastNextPayload => Ikev2PayloadType.None;

    /// <summary>Length of the body (everything after the four-byte generic payload header).</summary>
    internal abstract int BodyLength { get; }

    /// <summary>Writes the body.</summary>
    internal abstract void WriteBody(ref WireWriter writer);
}
