using System.Buffers.Binary;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Life Type / Life Duration pairs beyond the seconds the proposal converter writes: kilobytes in Quick Mode
/// transforms and the RESPONDER-LIFETIME notification (RFC 2407 §4.5.4), whose data is a list of SA attributes.
/// </summary>
internal static class Ikev1Lifetimes
{
    /// <summary>The transform with a kilobytes Life Type/Duration pair appended (none when <paramref name="kilobytes"/> is 0).</summary>
    public static Transform WithKilobytes(Transform transform, ulong kilobytes) =>
        kilobytes == 0 ? transform : transform with
        {
            Attributes =
            [
                .. transform.Attributes,
                IsakmpAttribute.Tv((ushort)IpsecAttributeType.SaLifeType, (ushort)LifeType.Kilobytes),
                IsakmpAttribute.FromInteger((ushort)IpsecAttributeType.SaLifeDuration, kilobytes),
            ],
        };

    /// <summary>The seconds and kilobytes durations of a Life Type/Duration attribute list (each null when absent).</summary>
    public static (ulong? Seconds, ulong? Kilobytes) Read(IEnumerable<IsakmpAttribute> attributes)
    {
        ulong? seconds = null, kilobytes = null;
        var type = LifeType.None;
        foreach (var attribute in attributes)
        {
            if (!attribute.TryGetInteger(out ulong value)) { continue; }
            if (attribute.Type == (ushort)IpsecAttributeType.SaLifeType) { type = (LifeType)Math.Min(value, ushort.MaxValue); }
            else if (attribute.Type == (ushort)IpsecAttributeType.SaLifeDuration)
            {
                if (type == LifeType.Seconds) { seconds = value; }
                else if (type == LifeType.Kilobytes) { kilobytes = value; }
            }
        }
        return (seconds, kilobytes);
    }

    /// <summary>RESPONDER-LIFETIME data: the attribute list, encoded by hand (TV when the value fits 16 bits, else TLV).</summary>
    public static byte[] EncodeAttributes(ulong seconds, ulong kilobytes)
    {
        var list = new List<byte>();
        void Add(IpsecAttributeType type, ulong value)
        {
            Span<byte> buffer = stackalloc byte[12];
            if (value <= ushort.MaxValue)
            {
                BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)(0x8000 | (ushort)type));
                BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)value);
                list.AddRange(buffer[..4]);
                return;
            }
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)type);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 4);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], (uint)Math.Min(value, uint.MaxValue));
            list.AddRange(buffer[..8]);
        }
        Add(IpsecAttributeType.SaLifeType, (ulong)LifeType.Seconds);
        Add(IpsecAttributeType.SaLifeDuration, seconds);
        if (kilobytes > 0)
        {
            Add(IpsecAttributeType.SaLifeType, (ulong)LifeType.Kilobytes);
            Add(IpsecAttributeType.SaLifeDuration, kilobytes);
        }
        return [.. list];
    }

    /// <summary>Reads RESPONDER-LIFETIME data through the transform decoder (an attribute list is a transform body without its header).</summary>
    public static (ulong? Seconds, ulong? Kilobytes) DecodeAttributes(ReadOnlySpan<byte> data)
    {
        // Wrap the attributes in a one-transform ESP proposal inside an SA payload and let the Wire decoder check them.
        int transformLength = 8 + data.Length;
        int proposalLength = 8 + 4 + transformLength;
        if (proposalLength > ushort.MaxValue) { return (null, null); }
        var chain = new byte[4 + 8 + proposalLength];
        BinaryPrimitives.WriteUInt16BigEndian(chain.AsSpan(2), (ushort)chain.Length);
        BinaryPrimitives.WriteUInt32BigEndian(chain.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(chain.AsSpan(8), 1);
        var proposal = chain.AsSpan(12);
        BinaryPrimitives.WriteUInt16BigEndian(proposal[2..], (ushort)proposalLength);
        proposal[4] = 1;
        proposal[5] = (byte)IpsecProtocolId.Esp;
        proposal[6] = 4;
        proposal[7] = 1;
        var transform = proposal[12..];
        BinaryPrimitives.WriteUInt16BigEndian(transform[2..], (ushort)transformLength);
        transform[4] = 1;
        transform[5] = 12;
        data.CopyTo(transform[8..]);
        if (!IsakmpPayloadChain.TryDecode(IsakmpPayloadType.SecurityAssociation, chain, 0, false, out var payloads, out _, out _)
            || payloads is not [SecurityAssociationPayload sa])
        {
            return (null, null);
        }
        return Read(sa.Proposals[0].Transforms[0].Attributes);
    }
}
