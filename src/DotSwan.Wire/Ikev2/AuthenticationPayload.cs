namespace DotSwan.Wire.Ikev2;

/// <summary>Authentication payload (RFC 7296 section 3.8).</summary>
/// <param name="Method">Authentication method.</param>
/// <param name="Data">Authentication data (MAC or signature).</param>
/// <param name="Critical">The Critical bit.</param>
public sealed record AuthenticationPayload(AuthMethod Method, ReadOnlyMemory<byte> Data, bool Critical = false) : Ikev2Payload(Critical)
{
    /// <inheritdoc />
    public override Ikev2PayloadType PayloadType => Ikev2PayloadType.Authentication;

    internal override int BodyLength => 4 + Data.Length;

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteByte((byte)Method);
        writer.WriteZeros(3);
        writer.WriteBytes(Data.Span);
    }
}
