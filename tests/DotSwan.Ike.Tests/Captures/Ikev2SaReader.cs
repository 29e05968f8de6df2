using System.Buffers.Binary;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Tests.Captures;

/// <summary>
/// Test-only reader of the SA payload of a clear IKEv2 message (RFC 7296 §3.1-3.3), standing in for the IKEv2 Wire
/// codec that lives on another branch. Bounds-checked; returns null for anything malformed.
/// </summary>
internal static class Ikev2SaReader
{
    private const byte SecurityAssociation = 33;

    public static IReadOnlyList<OfferedProposal>? ReadProposals(ReadOnlySpan<byte> message)
    {
        if (message.Length < 28 || (message[17] >> 4) != 2) { return null; }
        byte next = message[16];
        int offset = 28;
        while (next != 0 && offset + 4 <= message.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            if (length < 4 || offset + length > message.Length) { return null; }
            if (next == SecurityAssociation) { return ReadSa(message.Slice(offset + 4, length - 4)); }
            next = message[offset];
            offset += length;
        }
        return null;
    }

    private static List<OfferedProposal>? ReadSa(ReadOnlySpan<byte> body)
    {
        var proposals = new List<OfferedProposal>();
        int offset = 0;
        while (offset + 8 <= body.Length)
        {
            byte last = body[offset];
            int length = BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]);
            if (length < 8 || offset + length > body.Length) { return null; }
            var proposal = body.Slice(offset, length);
            byte number = proposal[4];
            var protocol = (ProposalProtocol)proposal[5];
            int spiSize = proposal[6];
            int count = proposal[7];
            if (8 + spiSize > length) { return null; }
            var spi = proposal.Slice(8, spiSize).ToArray();
            var transforms = new List<ProposalTransform>();
            int t = 8 + spiSize;
            for (int i = 0; i < count; i++)
            {
                if (t + 8 > length) { return null; }
                int tLength = BinaryPrimitives.ReadUInt16BigEndian(proposal[(t + 2)..]);
                if (tLength < 8 || t + tLength > length) { return null; }
                var type = (TransformType)proposal[t + 4];
                ushort id = BinaryPrimitives.ReadUInt16BigEndian(proposal[(t + 6)..]);
                int keyLength = 0;
                for (int a = t + 8; a + 4 <= t + tLength;)
                {
                    ushort attributeType = BinaryPrimitives.ReadUInt16BigEndian(proposal[a..]);
                    ushort value = BinaryPrimitives.ReadUInt16BigEndian(proposal[(a + 2)..]);
                    if ((attributeType & 0x8000) != 0)
                    {
                        if ((attributeType & 0x7fff) == 14) { keyLength = value; }
                        a += 4;
                    }
                    else { a += 4 + value; }
                }
                transforms.Add(new ProposalTransform(type, id, keyLength));
                t += tLength;
            }
            proposals.Add(new OfferedProposal(number, protocol, spi, transforms));
            offset += length;
            if (last == 0) { break; }
        }
        return proposals;
    }
}
