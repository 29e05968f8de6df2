using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>A decoded payload chain together with its bytes (clear body, or decrypted body without padding), for hashes over raw payloads.</summary>
internal sealed record Ikev1Plaintext(IReadOnlyList<IsakmpPayload> Payloads, ReadOnlyMemory<byte> Chain)
{
    /// <summary>The body (after the generic header) of the <paramref name="index"/>th payload, as received.</summary>
    public ReadOnlyMemory<byte> Body(int index)
    {
        int position = 0;
        for (int i = 0; i < index; i++) { position += Payloads[i].EncodedLength; }
        return Chain.Slice(position + IsakmpPayload.HeaderSize, Payloads[index].EncodedLength - IsakmpPayload.HeaderSize);
    }

    /// <summary>The raw bytes of every payload after the first (the HASH payload), generic headers included.</summary>
    public ReadOnlyMemory<byte> AfterFirst => Payloads.Count == 0 ? default : Chain[Payloads[0].EncodedLength..];

    public int IndexOf<T>() where T : IsakmpPayload
    {
        for (int i = 0; i < Payloads.Count; i++)
        {
            if (Payloads[i] is T) { return i; }
        }
        return -1;
    }

    public T? Find<T>() where T : IsakmpPayload => Payloads.OfType<T>().FirstOrDefault();

    public static byte[] BodyOf(IsakmpPayload payload)
    {
        var bytes = new byte[payload.EncodedLength];
        IsakmpPayloadChain.Encode([payload], bytes);
        return bytes[IsakmpPayload.HeaderSize..];
    }

    public static byte[] Encode(IReadOnlyList<IsakmpPayload> payloads)
    {
        var bytes = new byte[IsakmpPayloadChain.GetEncodedLength(payloads)];
        IsakmpPayloadChain.Encode(payloads, bytes);
        return bytes;
    }
}
