using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev1;

/// <summary>
/// Security Association payload (RFC 2408 §3.4, RFC 2407 §4.6.1): DOI, situation and the proposals.
/// </summary>
/// <param name="Doi">Domain of interpretation; 1 is the IPsec DOI.</param>
/// <param name="Situation">The IPsec DOI situation bitmap; SIT_IDENTITY_ONLY (1) in practice.</param>
/// <param name="Proposals">The proposals in order.</param>
public sealed record SecurityAssociationPayload(uint Doi, uint Situation, IReadOnlyList<Proposal> Proposals) : IsakmpPayload
{
    /// <summary>The IPsec DOI (RFC 2407).</summary>
    public const uint IpsecDoi = 1;

    /// <summary>SIT_IDENTITY_ONLY (RFC 2407 §4.2).</summary>
    public const uint SituationIdentityOnly = 1;

    /// <summary>SIT_SECRECY and SIT_INTEGRITY, whose labelled-domain fields this codec does not model.</summary>
    private const uint LabelledSituations = 0x2 | 0x4;

    /// <summary>The error detail for an unsupported situation; <see cref="Ikev1DecodeErrorExtensions"/> maps it to SITUATION-NOT-SUPPORTED.</summary>
    internal const string UnsupportedSituationDetail = "secrecy and integrity situations are not supported";

    /// <inheritdoc />
    public override IsakmpPayloadType PayloadType => IsakmpPayloadType.SecurityAssociation;

    internal override int BodyLength
    {
        get
        {
            int length = 8;
            foreach (var proposal in Proposals) { length += proposal.EncodedLength; }
            return length;
        }
    }

    /// <summary>Compares DOI, situation and proposals.</summary>
    public bool Equals(SecurityAssociationPayload? other) =>
        other is not null && other.Doi == Doi && other.Situation == Situation && StructuralEquality.Lists(Proposals, other.Proposals);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Doi, Situation, Proposals.Count);

    internal override void WriteBody(ref WireWriter writer)
    {
        writer.WriteUInt32(Doi);
        writer.WriteUInt32(Situation);
        for (int i = 0; i < Proposals.Count; i++)
        {
            Proposals[i].Write(ref writer, i == Proposals.Count - 1);
        }
    }

    internal static bool TryDecodeBody(ReadOnlyMemory<byte> body, int offset, IsakmpDecodeOptions options, out IsakmpPayload? payload, out DecodeError error)
    {
        payload = null;
        const int type = (int)IsakmpPayloadType.SecurityAssociation;
        var span = body.Span;
        if (span.Length < 8)
        {
            error = new DecodeError(type, offset, DecodeErrorReason.BadLength, "SA payload shorter than DOI and situation");
            return false;
        }
        uint doi = BinaryPrimitives.ReadUInt32BigEndian(span);
        uint situation = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        if (doi == IpsecDoi && (situation & LabelledSituations) != 0)
        {
            error = new DecodeError(type, offset + 4, DecodeErrorReason.InvalidValue, UnsupportedSituationDetail);
            return false;
        }
        if (span.Length == 8)
        {
            error = new DecodeError(type, offset + 8, DecodeErrorReason.InvalidValue, "SA payload without proposals");
            return false;
        }
        var proposals = new List<Proposal>();
        int position = 8;
        bool last = false;
        while (!last)
        {
            if (proposals.Count >= options.MaxProposals)
            {
                error = new DecodeError((int)IsakmpPayloadType.Proposal, offset + position, DecodeErrorReason.TooMany, "too many proposals");
                return false;
            }
            if (!Proposal.TryDecode(body[position..], offset + position, options, out var proposal, out last, out int used, out error))
            {
                return false;
            }
            proposals.Add(proposal!);
            position += used;
        }
        if (position != body.Length)
        {
            error = new DecodeError(type, offset + position, DecodeErrorReason.TrailingBytes, "bytes after the last proposal of an SA payload");
            return false;
        }
        payload = new SecurityAssociationPayload(doi, situation, proposals);
        error = default;
        return true;
    }
}
