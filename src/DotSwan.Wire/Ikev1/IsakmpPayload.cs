namespace DotSwan.Wire.Ikev1;

/// <summary>
/// One payload of an ISAKMP payload chain. The generic payload header (next payload, reserved, length; RFC 2408 §3.2)
/// is not part of the model: the chain encoder derives it from the list.
/// </summary>
public abstract record IsakmpPayload
{
    /// <summary>Size of the generic payload header.</summary>
    public const int HeaderSize = 4;

    private protected IsakmpPayload()
    {
    }

    /// <summary>The payload type number this payload is sent under.</summary>
    public abstract IsakmpPayloadType PayloadType { get; }

    /// <summary>Bytes on the wire including the 4-byte generic header.</summary>
    public int EncodedLength => HeaderSize + BodyLength;

    /// <summary>Bytes after the generic header.</summary>
    internal abstract int BodyLength { get; }

    /// <summary>Writes the bytes after the generic header.</summary>
    internal abstract void WriteBody(ref WireWriter writer);
}
