namespace DotSwan.Wire.Ikev1;

/// <summary>A payload whose body is one opaque byte string (KE, HASH, SIG, NONCE, VID, NAT-D).</summary>
/// <param name="Data">The bytes after the generic header.</param>
public abstract record OpaqueDataPayload(ReadOnlyMemory<byte> Data) : IsakmpPayload
{
    internal override int BodyLength => Data.Length;

    internal override void WriteBody(ref WireWriter writer) => writer.WriteBytes(Data.Span);

    /// <summary>Compares the payload type and the data bytes.</summary>
    public virtual bool Equals(OpaqueDataPayload? other) =>
        other is not null && other.PayloadType == PayloadType && other.Data.Span.SequenceEqual(Data.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PayloadType, Data.Length);

    /// <inheritdoc />
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Data = ").Append(Convert.ToHexString(Data.Span));
        return true;
    }
}
