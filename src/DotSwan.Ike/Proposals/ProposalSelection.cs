using DotSwan.Crypto;

namespace DotSwan.Ike.Proposals;

/// <summary>
/// The result of choosing a proposal: on success the chosen suite (one algorithm of each type) and the peer proposal
/// it came from (its number and SPI go into the reply); otherwise a failure class and a reason a person can act on.
/// </summary>
public sealed class ProposalSelection
{
    private ProposalSelection(CryptoSuite? selected, OfferedProposal? peerProposal, ProposalSelectionFailure failure, KeyExchangeMethod required, string reason)
    {
        Selected = selected;
        PeerProposal = peerProposal;
        Failure = failure;
        RequiredKeyExchange = required;
        Reason = reason;
    }

    /// <summary>True when <see cref="Selected"/> can be used as is.</summary>
    public bool IsSuccess => Failure == ProposalSelectionFailure.None;

    /// <summary>The chosen transforms, one of each type; also set for <see cref="ProposalSelectionFailure.InvalidKePayload"/>.</summary>
    public CryptoSuite? Selected { get; }

    /// <summary>The peer proposal the selection was made from (number and SPI to echo).</summary>
    public OfferedProposal? PeerProposal { get; }

    /// <summary>Why selection failed, or <see cref="ProposalSelectionFailure.None"/>.</summary>
    public ProposalSelectionFailure Failure { get; }

    /// <summary>For <see cref="ProposalSelectionFailure.InvalidKePayload"/>: the group to put in the notify.</summary>
    public KeyExchangeMethod RequiredKeyExchange { get; }

    /// <summary>A sentence for logs and operators; empty on success.</summary>
    public string Reason { get; }

    internal static ProposalSelection Success(CryptoSuite selected, OfferedProposal peer) =>
        new(selected, peer, ProposalSelectionFailure.None, KeyExchangeMethod.None, "");

    internal static ProposalSelection Fail(ProposalSelectionFailure failure, string reason) =>
        new(null, null, failure, KeyExchangeMethod.None, reason);

    internal static ProposalSelection InvalidKe(CryptoSuite selected, OfferedProposal peer, KeyExchangeMethod required, string reason) =>
        new(selected, peer, ProposalSelectionFailure.InvalidKePayload, required, reason);

    /// <inheritdoc/>
    public override string ToString() => IsSuccess ? $"selected proposal: {Selected}" : Reason;
}
