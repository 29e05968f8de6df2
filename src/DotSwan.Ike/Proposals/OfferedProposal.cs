namespace DotSwan.Ike.Proposals;

/// <summary>
/// A proposal as it travels in an IKEv2 SA payload (RFC 7296 §3.3.1): number, protocol, SPI and transforms in the
/// sender's order. This is the neutral shape the selector works on; <c>DotSwan.Wire.Ikev2.Proposal</c> converts to and
/// from it one to one (type, id, Key Length attribute).
/// </summary>
public sealed record OfferedProposal(byte Number, ProposalProtocol Protocol, ReadOnlyMemory<byte> Spi, IReadOnlyList<ProposalTransform> Transforms)
{
    /// <summary>strongSwan's log form of the offered transforms (unknown ids shown as UNKNOWN_type_id).</summary>
    public override string ToString() => CryptoSuite.Describe(Protocol, Transforms);
}
