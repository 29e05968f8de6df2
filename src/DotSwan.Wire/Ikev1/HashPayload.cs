namespace DotSwan.Wire.Ikev1;

/// <summary>Hash payload (RFC 2408 §3.11): HASH_I, HASH_R or a Quick Mode / Informational hash.</summary>
/// <param name="Data">The payload data.</param>
public sealed record HashPayload(ReadOnlyMemory<byte> Data) : OpaqueDataPayload(Data)
{
    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.Hash;
}
