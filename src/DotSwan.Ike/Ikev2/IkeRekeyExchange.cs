using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2Wire;
using DotSwan.Ike.Proposals;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// IKE SA rekey with CREATE_CHILD_SA (RFC 7296 §1.3.2, §2.18): SA (IKE proposals carrying the new SPI), Ni, KEi; the answer
/// SA, Nr, KEr. Both sides derive SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) and the new SK_* with the new SPIs; the
/// Child SAs move to the new IKE SA and the rekey's initiator deletes the old one. When both peers rekey at once (§2.8.2)
/// the SA made by the exchange with the lowest nonce is redundant: its initiator deletes it, the other deletes the old SA.
/// </summary>
internal sealed class IkeRekeyExchange : IIkeSaExchange
{
    // How long the winner of a simultaneous rekey waits for the loser to delete its redundant IKE SA before deleting it itself.
    private static readonly TimeSpan RedundantGrace = TimeSpan.FromSeconds(60);

    private readonly ulong _newSpi;
    private readonly byte[] _ni;
    private readonly KeyExchangeMethod _keMethod;
    private IKeyExchange? _keyExchange;

    private IkeRekeyExchange(ulong newSpi, byte[] ni, KeyExchangeMethod keMethod, IKeyExchange keyExchange)
    {
        _newSpi = newSpi;
        _ni = ni;
        _keMethod = keMethod;
        _keyExchange = keyExchange;
    }

    public Ikev2ExchangeType ExchangeType => Ikev2ExchangeType.CreateChildSa;

    /// <summary>Sends the rekey request when the window is free; <paramref name="keMethod"/> overrides the group (after INVALID_KE_PAYLOAD).</summary>
    public static bool Start(IkeSa sa, KeyExchangeMethod? keMethod, List<EngineOutput> outputs)
    {
        if (sa.Owner is null || sa.State != IkeSaState.Established || sa.IsBusy) { return false; }
        var proposals = sa.Connection.IkeProposals;
        // The group of the current SA first, as strongSwan does: the peer accepted it before.
        var method = keMethod
            ?? (sa.Suite?.KeyExchange is [var current, ..] && proposals.Any(p => p.KeyExchange.Contains(current)) ? current
                : proposals.SelectMany(p => p.KeyExchange).Where(k => k != KeyExchangeMethod.None).ToList() is [var first, ..] ? first : null);
        if (method is not { } m || !sa.Registry.TryGetKeyExchange(m, out var factory, out _))
        {
            outputs.Add(new IkeSaFailed(sa.Id, sa.Connection.Name, IkeSaFailureKind.Crypto, "IKE SA rekey: no usable key exchange method in the IKE proposals"));
            return false;
        }
        ulong spi = sa.Owner.NewIkeSpi();
        var spiBytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(spiBytes, spi);
        var ni = IkeSa.RandomBytes(sa.Random, IkeSa.NonceLength);
        var keyExchange = factory!.CreateInitiator();
        var inner = new List<Ikev2Payload>
        {
            Ikev2PayloadConverter.ToWire(proposals.Select((s, i) => s.ToOffered((byte)(i + 1), spiBytes)).ToList()),
            new NoncePayload(ni),
            new KeyExchangePayload((ushort)m, keyExchange.PublicValue),
        };
        sa.SendExchangeRequest(new IkeRekeyExchange(spi, ni, m, keyExchange), inner, outputs);
        return true;
    }

    public void OnResponse(IkeSa sa, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs)
    {
        using var keyExchange = _keyExchange;
        _keyExchange = null;
        var now = sa.Now;
        var name = sa.Connection.Name;
        if (inner.OfType<NotifyPayload>().FirstOrDefault(n => (ushort)n.NotifyType < 16384) is { } error)
        {
            if (error.NotifyType == NotifyType.TemporaryFailure && sa.IkeCollision is { NewIkeSa: { } peers })
            {
                // The peer finished its own rekey first (it is deleting this SA): its new SA is the one.
                sa.IkeCollision = null;
                sa.MoveChildrenTo(peers, outputs);
                sa.EnterRekeyed();
                return;
            }
            if (error.NotifyType == NotifyType.TemporaryFailure)
            {
                sa.Schedule.IkeTemporaryFailures++;
                sa.Schedule.IkeRekeyAt = now + IkeSaSchedule.RetryDelay(sa.Random);
                return;
            }
            if (error.NotifyType == NotifyType.InvalidKePayload && error.Data.Length == 2)
            {
                var wanted = (KeyExchangeMethod)BinaryPrimitives.ReadUInt16BigEndian(error.Data.Span);
                if (wanted != _keMethod && sa.Connection.IkeProposals.Any(p => p.KeyExchange.Contains(wanted)))
                {
                    sa.Schedule.Enqueue(now, "IKE SA rekey with the requested group", (s, o) => Start(s, wanted, o));
                    return;
                }
            }
            // The SA lives on until its hard lifetime (over time), then is deleted.
            outputs.Add(new IkeSaFailed(sa.Id, name, error.NotifyType == NotifyType.NoProposalChosen ? IkeSaFailureKind.NoProposalChosen : IkeSaFailureKind.InvalidMessage,
                $"IKE SA rekey refused by peer {sa.Remote} with {error.NotifyType}"));
            return;
        }
        if (!TryDerive(sa, inner, keyExchange!, out var derived, out var nr, out string reason) || derived is not { } created)
        {
            outputs.Add(new IkeSaFailed(sa.Id, name, IkeSaFailureKind.InvalidMessage, $"IKE SA rekey: {reason}"));
            return;
        }
        sa.Owner!.Adopt(created);
        if (sa.IkeCollision is { NewIkeSa: { } theirs } collision)
        {
            sa.IkeCollision = null;
            sa.Counters.RekeyCollisions++;
            if (collision.OurExchangeIsRedundant(_ni, nr))
            {
                // Ours is redundant: the Child SAs go to the peer's new SA, we delete ours, the peer deletes the old one.
                sa.MoveChildrenTo(theirs, outputs);
                sa.EnterRekeyed();
                created.StartDelete(now, outputs, "redundant IKE SA of a simultaneous rekey");
                return;
            }
            sa.MoveChildrenTo(created, outputs);
            theirs.Schedule.RedundantDeleteAt = now + RedundantGrace;
            theirs.Owner?.Touch(theirs);
            sa.StartDelete(now, outputs, $"rekeyed to {created.Id} (simultaneous rekey)");
            return;
        }
        sa.MoveChildrenTo(created, outputs);
        sa.StartDelete(now, outputs, $"rekeyed to {created.Id}");
    }

    private bool TryDerive(IkeSa sa, IReadOnlyList<Ikev2Payload> inner, IKeyExchange keyExchange, out IkeSa? created, out byte[] nr, out string reason)
    {
        created = null;
        nr = [];
        var saPayload = inner.OfType<SecurityAssociationPayload>().FirstOrDefault();
        var nonce = inner.OfType<NoncePayload>().FirstOrDefault();
        var ke = inner.OfType<KeyExchangePayload>().FirstOrDefault();
        if (saPayload is not { Proposals: [var proposal] } || nonce is null || ke is null || proposal.ProtocolId != ProtocolId.Ike || proposal.Spi.Length != 8)
        {
            reason = "response lacks one IKE proposal with an 8-byte SPI, Nr or KEr";
            return false;
        }
        ulong peerSpi = BinaryPrimitives.ReadUInt64BigEndian(proposal.Spi.Span);
        if (peerSpi == 0 || nonce.Data.Length is < IkeSa.MinNonceLength or > IkeSa.MaxNonceLength)
        {
            reason = "zero SPI or bad nonce length";
            return false;
        }
        var selection = ProposalSelector.CheckResponse(sa.Connection.IkeProposals, Ikev2PayloadConverter.FromWire(proposal));
        if (!selection.IsSuccess)
        {
            reason = selection.Reason;
            return false;
        }
        var suite = selection.Selected!;
        if (suite.KeyExchange is not [var chosen] || chosen != _keMethod || ke.Group != (ushort)_keMethod)
        {
            reason = $"responder chose {suite} with a KE payload of group {ke.Group}; we sent {_keMethod}";
            return false;
        }
        if (!keyExchange.TryComputeSharedSecret(ke.Data.Span, out var secret, out var keError))
        {
            reason = $"responder's KE value is unusable: {keError}";
            return false;
        }
        nr = nonce.Data.ToArray();
        IkeSaProtection? protection;
        using (secret)
        {
            if (!IkeSaProtection.TryCreateRekeyed(sa.Registry, suite, isInitiator: true, sa.Protection, secret!.ReadOnlySpan, _ni, nr, _newSpi, peerSpi,
                sa.Random, out protection, out reason))
            {
                return false;
            }
        }
        created = IkeSa.CreateRekeyed(sa, weInitiated: true, _newSpi, peerSpi, suite, protection!, _ni, nr);
        return true;
    }

    public void Abandon()
    {
        _keyExchange?.Dispose();
        _keyExchange = null;
    }

    /// <summary>Answers the peer's rekey of <paramref name="sa"/> (its SA payload is an IKE proposal).</summary>
    public static void Respond(IkeSa sa, Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, SecurityAssociationPayload saPayload, NoncePayload nonce,
        List<EngineOutput> outputs)
    {
        var connection = sa.Connection;
        if (sa.ActiveExchange is CreateChildSaExchange or ChildSaDeleteExchange || sa.Owner is null)
        {
            // RFC 7296 §2.25.2: not while one of our Child SA exchanges is outstanding.
            CreateChildSaResponder.Refuse(sa, header, NotifyType.TemporaryFailure, outputs);
            return;
        }
        var ke = inner.OfType<KeyExchangePayload>().FirstOrDefault();
        if (ke is null)
        {
            sa.SendProtectedResponse(header, [IkeSa.Notify(NotifyType.InvalidSyntax)], outputs);
            return;
        }
        var selection = ProposalSelector.Select(connection.IkeProposals, Ikev2PayloadConverter.FromWire(saPayload), peerKeyExchange: (KeyExchangeMethod)ke.Group);
        if (selection.Failure == ProposalSelectionFailure.InvalidKePayload)
        {
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)selection.RequiredKeyExchange);
            sa.SendProtectedResponse(header, [IkeSa.Notify(NotifyType.InvalidKePayload, data)], outputs);
            return;
        }
        if (!selection.IsSuccess || selection.PeerProposal!.Spi.Length != 8 || BinaryPrimitives.ReadUInt64BigEndian(selection.PeerProposal.Spi.Span) == 0)
        {
            sa.SendProtectedResponse(header, [IkeSa.Notify(NotifyType.NoProposalChosen)], outputs);
            outputs.Add(new IkeSaFailed(sa.Id, connection.Name, IkeSaFailureKind.NoProposalChosen,
                $"IKE SA rekey by peer: NO_PROPOSAL_CHOSEN: {(selection.IsSuccess ? "the peer's IKE SPI is not 8 nonzero bytes" : selection.Reason)}"));
            return;
        }
        var suite = selection.Selected!;
        if (!sa.Registry.TryGetKeyExchange(suite.KeyExchange[0], out var factory, out var error)
            || !factory!.TryRespond(ke.Data.Span, out var responderPublic, out var secret, out error))
        {
            sa.SendProtectedResponse(header, [IkeSa.Notify(NotifyType.InvalidSyntax)], outputs);
            outputs.Add(new IkeSaFailed(sa.Id, connection.Name, IkeSaFailureKind.Crypto, $"IKE SA rekey by peer: unusable KE value: {error}"));
            return;
        }
        ulong peerSpi = BinaryPrimitives.ReadUInt64BigEndian(selection.PeerProposal.Spi.Span);
        ulong ourSpi = sa.Owner.NewIkeSpi();
        var ni = nonce.Data.ToArray();
        var nr = IkeSa.RandomBytes(sa.Random, IkeSa.NonceLength);
        IkeSaProtection? protection;
        using (secret)
        {
            if (!IkeSaProtection.TryCreateRekeyed(sa.Registry, suite, isInitiator: false, sa.Protection, secret!.ReadOnlySpan, ni, nr, peerSpi, ourSpi,
                sa.Random, out protection, out string reason))
            {
                sa.SendProtectedResponse(header, [IkeSa.Notify(NotifyType.NoProposalChosen)], outputs);
                outputs.Add(new IkeSaFailed(sa.Id, connection.Name, IkeSaFailureKind.Crypto, $"IKE SA rekey by peer: key derivation failed: {reason}"));
                return;
            }
        }
        var created = IkeSa.CreateRekeyed(sa, weInitiated: false, peerSpi, ourSpi, suite, protection!, ni, nr);
        sa.Owner.Adopt(created);
        var ourSpiBytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(ourSpiBytes, ourSpi);
        var response = new List<Ikev2Payload>
        {
            Ikev2PayloadConverter.ToWire([suite.ToOffered(selection.PeerProposal.Number, ourSpiBytes)]),
            new NoncePayload(nr),
            new KeyExchangePayload((ushort)suite.KeyExchange[0], responderPublic!),
        };
        if (sa.ActiveExchange is IkeRekeyExchange)
        {
            // Simultaneous IKE SA rekey (RFC 7296 §2.8.2): decided when our own answer arrives.
            sa.IkeCollision = new RekeyCollision(ni, nr, null, created);
        }
        else
        {
            sa.MoveChildrenTo(created, outputs);
            sa.EnterRekeyed();
        }
        sa.SendProtectedResponse(header, response, outputs);
    }
}
