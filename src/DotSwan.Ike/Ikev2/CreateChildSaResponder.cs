using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2Wire;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Answers a peer's CREATE_CHILD_SA request (RFC 7296 §1.3): an IKE SA rekey goes to <see cref="IkeRekeyExchange"/>; a new
/// or rekeyed Child SA is negotiated like the first one (proposal, optional PFS key exchange, narrowed selectors) and
/// installed before the answer leaves. Refusals: CHILD_SA_NOT_FOUND for a rekey of an SA we do not have, TEMPORARY_FAILURE
/// while the SA (or the IKE SA) is being deleted or rekeyed in a way that conflicts (§2.25), NO_PROPOSAL_CHOSEN,
/// INVALID_KE_PAYLOAD naming the group we want, TS_UNACCEPTABLE.
/// </summary>
internal static class CreateChildSaResponder
{
    public static void Respond(IkeSa sa, Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs)
    {
        var saPayload = inner.OfType<SecurityAssociationPayload>().FirstOrDefault();
        var nonce = inner.OfType<NoncePayload>().FirstOrDefault();
        if (saPayload is not { Proposals.Count: > 0 } || nonce is null || nonce.Data.Length is < IkeSa.MinNonceLength or > IkeSa.MaxNonceLength)
        {
            Refuse(sa, header, NotifyType.InvalidSyntax, outputs);
            return;
        }
        if (sa.State != IkeSaState.Established)
        {
            // Deleting or already replaced: the peer retries on the new SA, or not at all.
            Refuse(sa, header, NotifyType.TemporaryFailure, outputs);
            return;
        }
        if (saPayload.Proposals[0].ProtocolId == ProtocolId.Ike)
        {
            IkeRekeyExchange.Respond(sa, header, inner, saPayload, nonce, outputs);
            return;
        }
        if (sa.ActiveExchange is IkeRekeyExchange)
        {
            // Our IKE SA rekey is outstanding: the Child SA would have to move twice; the peer retries shortly.
            Refuse(sa, header, NotifyType.TemporaryFailure, outputs);
            return;
        }
        ChildSa? old = null;
        if (IkeSa.FindNotify(inner, NotifyType.RekeySa) is { } rekey)
        {
            if (rekey.Spi.Length != 4)
            {
                Refuse(sa, header, NotifyType.InvalidSyntax, outputs);
                return;
            }
            uint spi = BinaryPrimitives.ReadUInt32BigEndian(rekey.Spi.Span);
            old = sa.Children.Find(c => c.OutboundSpi == spi);
            if (old is null)
            {
                sa.SendProtectedResponse(header, [new NotifyPayload(ProtocolId.Esp, rekey.Spi, NotifyType.ChildSaNotFound, default)], outputs);
                return;
            }
            if (old.State is ChildSaState.Deleting or ChildSaState.Rekeyed)
            {
                Refuse(sa, header, NotifyType.TemporaryFailure, outputs);
                return;
            }
        }
        var tsi = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => p.IsInitiator);
        var tsr = inner.OfType<TrafficSelectorPayload>().FirstOrDefault(p => !p.IsInitiator);
        if (tsi is null || tsr is null)
        {
            Refuse(sa, header, NotifyType.InvalidSyntax, outputs);
            return;
        }
        var ke = inner.OfType<KeyExchangePayload>().FirstOrDefault();
        var connection = sa.Connection;
        string what = old is null ? "new Child SA" : $"rekey of Child SA {old}";
        if (!IkeSa.TryConvert(tsi.Selectors, out var initiatorTs) || !IkeSa.TryConvert(tsr.Selectors, out var responderTs))
        {
            Refuse(sa, header, NotifyType.TsUnacceptable, outputs);
            return;
        }
        // A rekey keeps its child; a new Child SA is answered by the first configured child that fits it.
        var peerProposals = Ikev2PayloadConverter.FromWire(saPayload);
        var candidates = old is not null ? [old.Config ?? connection.FirstChild] : connection.Children;
        var choice = ChildConfigSelector.Select(candidates,
            c => ProposalSelector.Select(c.EspProposals, peerProposals, peerKeyExchange: ke is null ? null : (KeyExchangeMethod)ke.Group),
            initiatorTs, responderTs, out string tsReason);
        if (choice is null)
        {
            Refuse(sa, header, NotifyType.TsUnacceptable, outputs);
            outputs.Add(new IkeSaFailed(sa.Id, connection.Name, IkeSaFailureKind.TsUnacceptable, $"Child SA: TS_UNACCEPTABLE for the peer's {what}: {tsReason}"));
            return;
        }
        var (config, selection, narrowed) = choice;
        if (selection.Failure == ProposalSelectionFailure.InvalidKePayload
            || (selection.IsSuccess && ke is null && selection.Selected!.KeyExchange is [var needed, ..] && needed != KeyExchangeMethod.None))
        {
            var group = selection.IsSuccess ? selection.Selected!.KeyExchange[0] : selection.RequiredKeyExchange;
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)group);
            sa.SendProtectedResponse(header, [IkeSa.Notify(NotifyType.InvalidKePayload, data)], outputs);
            return;
        }
        if (!selection.IsSuccess || selection.PeerProposal!.Spi.Length != 4)
        {
            Refuse(sa, header, NotifyType.NoProposalChosen, outputs);
            outputs.Add(new IkeSaFailed(sa.Id, connection.Name, IkeSaFailureKind.NoProposalChosen,
                $"Child SA: NO_PROPOSAL_CHOSEN for the peer's {what}: {(selection.IsSuccess ? "peer's ESP SPI is not 4 bytes" : selection.Reason)}"));
            return;
        }
        var suite = selection.Selected!;
        byte[]? responderPublic = null;
        SecretBytes? secret = null;
        if (suite.KeyExchange is [var method, ..] && method != KeyExchangeMethod.None)
        {
            if (!sa.Registry.TryGetKeyExchange(method, out var factory, out var error) || !factory!.TryRespond(ke!.Data.Span, out responderPublic, out secret, out error))
            {
                Refuse(sa, header, NotifyType.InvalidSyntax, outputs);
                outputs.Add(new IkeSaFailed(sa.Id, connection.Name, IkeSaFailureKind.Crypto, $"Child SA: the peer's KE value is unusable: {error}"));
                return;
            }
        }
        var mode = config.Mode == ChildSaMode.Transport && IkeSa.FindNotify(inner, NotifyType.UseTransportMode) is not null
            ? ChildSaMode.Transport : ChildSaMode.Tunnel;
        var ni = nonce.Data.ToArray();
        var nr = IkeSa.RandomBytes(sa.Random, IkeSa.NonceLength);
        uint inboundSpi = sa.NewChildSpi();
        ChildSa? created;
        using (secret)
        {
            created = sa.InstallChild(suite, inboundSpi, BinaryPrimitives.ReadUInt32BigEndian(selection.PeerProposal.Spi.Span),
                narrowed.Responder, narrowed.Initiator, mode, secret is null ? ReadOnlySpan<byte>.Empty : secret.ReadOnlySpan, ni, nr,
                weInitiatedExchange: false, outputs, config);
        }
        if (created is null)
        {
            Refuse(sa, header, NotifyType.NoProposalChosen, outputs);
            return;
        }
        var response = new List<Ikev2Payload>();
        if (mode == ChildSaMode.Transport) { response.Add(IkeSa.Notify(NotifyType.UseTransportMode)); }
        response.Add(Ikev2PayloadConverter.ToWire([suite.ToOffered(selection.PeerProposal.Number, CreateChildSaExchange.SpiBytes(inboundSpi))]));
        response.Add(new NoncePayload(nr));
        if (responderPublic is not null) { response.Add(new KeyExchangePayload((ushort)suite.KeyExchange[0], responderPublic)); }
        response.Add(new TrafficSelectorPayload(true, [.. narrowed.Initiator.Select(Ikev2PayloadConverter.ToWire)]));
        response.Add(new TrafficSelectorPayload(false, [.. narrowed.Responder.Select(Ikev2PayloadConverter.ToWire)]));
        if (old is not null)
        {
            outputs.Add(new ChildSaRekeyed(sa.Id, connection.Name, old.InboundSpi, created.InboundSpi, WeInitiated: false));
            if (sa.ActiveExchange is CreateChildSaExchange ours && ours.Rekeyed == old)
            {
                // Simultaneous rekey (RFC 7296 §2.8.1): answered as usual; decided when our own answer arrives.
                old.Collision = new RekeyCollision(ni, nr, created, null);
            }
            else
            {
                // The peer deletes the old pair; until then it stays installed.
                old.State = ChildSaState.Rekeyed;
            }
        }
        sa.SendProtectedResponse(header, response, outputs);
    }

    internal static void Refuse(IkeSa sa, Ikev2Header header, NotifyType type, List<EngineOutput> outputs)
    {
        if (type == NotifyType.TemporaryFailure) { sa.Counters.TemporaryFailuresSent++; }
        sa.SendProtectedResponse(header, [IkeSa.Notify(type)], outputs);
    }
}
