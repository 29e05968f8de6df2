namespace DotSwan.Wire.Ikev1;

/// <summary>
/// An ISAKMP message: the header and either the clear payload chain or, when the header's Encryption flag is set,
/// the opaque encrypted body (the engine decrypts it and decodes the inner chain with <see cref="IsakmpPayloadChain"/>).
/// </summary>
/// <param name="Header">The header as received (or to send).</param>
/// <param name="Payloads">The payloads of a clear message; empty when encrypted.</param>
/// <param name="EncryptedBody">The ciphertext after the header of an encrypted message; empty when clear.</param>
public sealed record IsakmpMessage(IsakmpHeader Header, IReadOnlyList<IsakmpPayload> Payloads, ReadOnlyMemory<byte> EncryptedBody)
{
    /// <summary>True when the body is encrypted (header Encryption flag).</summary>
    public bool IsEncrypted => Header.IsEncrypted;

    /// <summary>A clear message.</summary>
    public static IsakmpMessage Clear(IsakmpHeader header, IReadOnlyList<IsakmpPayload> payloads) => new(header, payloads, default);

    /// <summary>An encrypted message; <paramref name="header"/> must have the Encryption flag and name the first inner payload.</summary>
    public static IsakmpMessage Encrypted(IsakmpHeader header, ReadOnlyMemory<byte> body) => new(header, [], body);

    /// <summary>Compares the header, payloads and encrypted body bytes.</summary>
    public bool Equals(IsakmpMessage? other) =>
        other is not null && other.Header == Header && StructuralEquality.Lists(Payloads, other.Payloads) &&
        StructuralEquality.Bytes(EncryptedBody, other.EncryptedBody);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Header, Payloads.Count, EncryptedBody.Length);
}
