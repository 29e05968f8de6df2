using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Quick Mode as initiator: HASH(1), SA, Ni [, KE] [, IDci, IDcr] → the responder's HASH(2) message → HASH(3), then the
/// pair is installed. A retransmitted message 2 is answered again with the same message 3.
/// </summary>
internal static class QuickModeInitiator
{
    public static void Start(IsakmpSa sa, QuickModeRequest request, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var connection = sa.Connection;
        var offers = QuickModeKeying.Offers(sa);
        if (offers.Count == 0)
        {
            outputs.Add(new QuickModeFailed(sa.Id, connection.Name, 0, IkeSaFailureKind.NoProposalChosen,
                $"connection {connection.Name} has no ESP proposal this engine can use in IKEv1"));
            return;
        }
        // One KE payload: every offered transform must use the first one's PFS group.
        var group = offers[0].Pfs;
        offers = [.. offers.Where(t => t.Pfs == group && t.Protocol == offers[0].Protocol)];
        var local = request.Replaces?.LocalTrafficSelectors[0] ?? connection.LocalTrafficSelectors[0];
        var remote = request.Replaces?.RemoteTrafficSelectors[0] ?? connection.RemoteTrafficSelectors[0];
        if (!Ikev1TrafficSelectorConverter.TryToIdPayload(local, out var idci, out string why)
            || !Ikev1TrafficSelectorConverter.TryToIdPayload(remote, out var idcr, out why))
        {
            outputs.Add(new QuickModeFailed(sa.Id, connection.Name, 0, IkeSaFailureKind.TsUnacceptable, $"traffic selectors cannot be sent in IKEv1: {why}"));
            return;
        }
        uint messageId = sa.Engine.NewMessageId();
        var qm = new QuickModeExchange(messageId, isInitiator: true, sa.Protection!.ExchangeIv(messageId), connection.EffectiveRetransmission)
        {
            LocalTrafficSelector = local,
            RemoteTrafficSelector = remote,
            InboundSpi = sa.Engine.NewSpi(),
            Offered = offers,
            Ni = Phase1Keying.NewNonce(sa.Engine.Random),
            Replaces = request.Replaces,
            IdCi = idci,
            IdCr = idcr,
        };
        var proposal = Ikev1AhTransforms.ToProposal(offers, QuickModeKeying.Spi(qm.InboundSpi));
        proposal = proposal with { Transforms = [.. proposal.Transforms.Select(t => Ikev1Lifetimes.WithKilobytes(t, connection.KeyProtection.SessionKeyLifeKilobytes))] };
        var rest = new List<IsakmpPayload>
        {
            new SecurityAssociationPayload(SecurityAssociationPayload.IpsecDoi, SecurityAssociationPayload.SituationIdentityOnly, [proposal]),
            new NoncePayload(qm.Ni),
        };
        if (group != KeyExchangeMethod.None)
        {
            if (!sa.Registry.TryGetKeyExchange(group, out var factory, out var error))
            {
                outputs.Add(new QuickModeFailed(sa.Id, connection.Name, messageId, IkeSaFailureKind.Crypto, $"PFS group {group}: {error.Detail}"));
                return;
            }
            qm.Dh = factory!.CreateInitiator();
            rest.Add(new KeyExchangePayload(qm.Dh.PublicValue));
        }
        rest.Add(idci!);
        rest.Add(idcr!);
        byte[] hash = QuickModeKeying.Hash1(sa, messageId, Ikev1Plaintext.Encode(rest));
        var bytes = sa.Protection.Encrypt(sa.Header(IsakmpExchangeType.QuickMode, messageId), [new HashPayload(hash), .. rest], qm.Iv);
        sa.QuickModes[messageId] = qm;
        sa.QuickModesUsed++;
        if (request.Replaces is { } old) { old.RekeyStarted = true; }
        qm.Messages.Sent(bytes, null, now, awaitAnswer: true);
        sa.Send(bytes, outputs);
    }

    public static void Receive(IsakmpSa sa, QuickModeExchange qm, IsakmpMessage message, byte[] datagram, DateTimeOffset now, List<EngineOutput> outputs)
    {
        if (qm.State != QuickModeState.Offered)
        {
            sa.Engine.Counters.UnexpectedInState++;
            return;
        }
        var protection = sa.Protection!;
        if (!message.IsEncrypted || !protection.TryDecrypt(message, qm.Iv, out var plaintext, out _)
            || plaintext!.Payloads is not [HashPayload hash, ..]
            || !Crypto.Kdf.Ikev1Hashes.Matches(QuickModeKeying.Hash2(sa, qm.MessageId, qm.Ni, plaintext.AfterFirst.Span), hash.Data.Span))
        {
            sa.Engine.Counters.DecryptionFailures++;
            return;
        }
        qm.Iv.TryAdvance(message.EncryptedBody.Span, out _);
        qm.Messages.Answered();
        if (!TryAccept(sa, qm, plaintext, out string reason, out var kind))
        {
            Fail(sa, qm, kind, reason, now, outputs);
            return;
        }
        if (!QuickModeKeying.TryDeriveKeys(sa, qm, out var keys, out reason))
        {
            Fail(sa, qm, IkeSaFailureKind.Crypto, reason, now, outputs);
            return;
        }
        // Commit bit (RFC 2408 §3.1) on message 2: tolerated; we install now and ignore the CONNECTED notification.
        var bytes = protection.Encrypt(sa.Header(IsakmpExchangeType.QuickMode, qm.MessageId),
            [new HashPayload(QuickModeKeying.Hash3(sa, qm.MessageId, qm.Ni, qm.Nr))], qm.Iv);
        qm.Messages.Sent(bytes, datagram, now, awaitAnswer: false);
        qm.State = QuickModeState.Done;
        qm.LingerUntil = now + sa.Engine.Settings.Linger;
        QuickModeKeying.Install(sa, qm, keys!, now, outputs);
        sa.Send(bytes, outputs);
    }

    private static bool TryAccept(IsakmpSa sa, QuickModeExchange qm, Ikev1Plaintext plaintext, out string reason, out IkeSaFailureKind kind)
    {
        kind = IkeSaFailureKind.InvalidMessage;
        var saPayload = plaintext.Find<SecurityAssociationPayload>();
        var nonce = plaintext.Find<NoncePayload>();
        if (saPayload is not { Proposals: [{ ProtocolId: IpsecProtocolId.Esp or IpsecProtocolId.Ah, Spi.Length: 4, Transforms: [var transform] } proposal] } || nonce is null
            || nonce.Data.Length is < 8 or > 256)
        {
            reason = "PAYLOAD-MALFORMED: Quick Mode message 2 needs one ESP or AH proposal with one transform and a nonce";
            return false;
        }
        kind = IkeSaFailureKind.NoProposalChosen;
        if (!Ikev1AhTransforms.TryFromTransform(proposal.ProtocolId, transform, out var theirs, out string why)
            || qm.Offered.FirstOrDefault(o => o.MatchesAlgorithms(theirs!)) is not { } ours)
        {
            reason = $"NO-PROPOSAL-CHOSEN: the responder chose a transform we did not offer ({theirs?.ToString() ?? why})";
            return false;
        }
        var lifetime = theirs!.Lifetime < ours.Lifetime ? theirs.Lifetime : ours.Lifetime;
        ulong kilobytes = sa.Connection.KeyProtection.SessionKeyLifeKilobytes;
        // RESPONDER-LIFETIME (RFC 2407 §4.5.4): the responder applies shorter lifetimes; so do we.
        foreach (var notify in plaintext.Payloads.OfType<NotificationPayload>().Where(n => n.NotifyType == Ikev1NotifyType.ResponderLifetime))
        {
            var (seconds, kb) = Ikev1Lifetimes.DecodeAttributes(notify.Data.Span);
            if (seconds is { } s && TimeSpan.FromSeconds(Math.Min(s, int.MaxValue)) < lifetime) { lifetime = TimeSpan.FromSeconds(Math.Min(s, int.MaxValue)); }
            if (kb is { } k && k > 0 && (kilobytes == 0 || k < kilobytes)) { kilobytes = k; }
        }
        qm.Chosen = ours with { Lifetime = lifetime };
        qm.LifeKilobytes = kilobytes;
        qm.OutboundSpi = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        qm.Nr = nonce.Data.ToArray();
        kind = IkeSaFailureKind.TsUnacceptable;
        var ids = plaintext.Payloads.OfType<IdentificationPayload>().ToList();
        if (ids.Count is not (0 or 2) || (ids.Count == 2 && (!ids[0].Equals(qm.IdCi) || !ids[1].Equals(qm.IdCr))))
        {
            reason = "INVALID-ID-INFORMATION: the responder changed the Quick Mode identities (IKEv1 does not narrow)";
            return false;
        }
        if (qm.Dh is not null)
        {
            kind = IkeSaFailureKind.InvalidKePayload;
            var ke = plaintext.Find<KeyExchangePayload>();
            if (ke is null || !qm.Dh.TryComputeSharedSecret(ke.Data.Span, out var secret, out var error))
            {
                reason = $"INVALID-KEY-INFORMATION: Quick Mode PFS needs a valid {qm.Dh.Method} KE from the responder";
                return false;
            }
            qm.PfsSecret = secret;
        }
        reason = "";
        return true;
    }

    public static void Fail(IsakmpSa sa, QuickModeExchange qm, IkeSaFailureKind kind, string reason, DateTimeOffset now, List<EngineOutput> outputs)
    {
        qm.State = QuickModeState.Failed;
        qm.Messages.Answered();
        qm.LingerUntil = now + sa.Engine.Settings.Linger;
        // A failed rekey leaves the old pair to its hard expiry (no rekey storm against a refusing peer).
        outputs.Add(new QuickModeFailed(sa.Id, sa.Connection.Name, qm.MessageId, kind, reason));
    }
}
