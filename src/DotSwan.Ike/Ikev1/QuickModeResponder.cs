using System.Buffers.Binary;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Quick Mode as responder: verifies HASH(1), picks a transform, checks the identities against our policy (IKEv1 has
/// no narrowing: they must fit exactly), installs the pair and answers with HASH(2); HASH(3) confirms it. Message 2 is
/// retransmitted until message 3 arrives; a retransmitted message 1 is answered with the same message 2.
/// </summary>
internal static class QuickModeResponder
{
    public static void Start(IsakmpSa sa, IsakmpMessage message, byte[] datagram, DateTimeOffset now, List<EngineOutput> outputs)
    {
        uint messageId = message.Header.MessageId;
        var protection = sa.Protection!;
        var iv = protection.ExchangeIv(messageId);
        if (messageId == 0 || !message.IsEncrypted || !protection.TryDecrypt(message, iv, out var plaintext, out _)
            || plaintext!.Payloads is not [HashPayload hash, ..]
            || !Crypto.Kdf.Ikev1Hashes.Matches(QuickModeKeying.Hash1(sa, messageId, plaintext.AfterFirst.Span), hash.Data.Span))
        {
            sa.Engine.Counters.DecryptionFailures++;
            return;
        }
        iv.TryAdvance(message.EncryptedBody.Span, out _);
        var connection = sa.Connection;
        var saPayload = plaintext.Find<SecurityAssociationPayload>();
        var nonce = plaintext.Find<NoncePayload>();
        var ids = plaintext.Payloads.OfType<IdentificationPayload>().ToList();
        if (saPayload is null || nonce is null || nonce.Data.Length is < 8 or > 256 || ids.Count is not (0 or 2))
        {
            Refuse(sa, messageId, Ikev1NotifyType.PayloadMalformed, IkeSaFailureKind.InvalidMessage,
                "PAYLOAD-MALFORMED: Quick Mode message 1 needs SA, nonce and zero or two ID payloads", now, outputs);
            return;
        }
        var selection = QuickModeAh.Select(QuickModeKeying.Acceptable(sa, saPayload), saPayload);
        if (!selection.IsSuccess || selection.PeerProposal!.Spi.Length != 4)
        {
            Refuse(sa, messageId, Ikev1NotifyType.NoProposalChosen, IkeSaFailureKind.NoProposalChosen, $"Quick Mode {selection.Reason}", now, outputs);
            return;
        }
        if (!TrySelectors(sa, ids, out var remoteTs, out var localTs, out string reason))
        {
            Refuse(sa, messageId, Ikev1NotifyType.InvalidIdInformation, IkeSaFailureKind.TsUnacceptable, reason, now, outputs);
            return;
        }
        var chosen = selection.Chosen!;
        var qm = new QuickModeExchange(messageId, isInitiator: false, iv, connection.EffectiveRetransmission)
        {
            LocalTrafficSelector = localTs!,
            RemoteTrafficSelector = remoteTs!,
            InboundSpi = sa.Engine.NewSpi(),
            OutboundSpi = BinaryPrimitives.ReadUInt32BigEndian(selection.PeerProposal.Spi.Span),
            Ni = nonce.Data.ToArray(),
            Nr = Phase1Keying.NewNonce(sa.Engine.Random),
            Chosen = chosen,
            IdCi = ids.Count == 2 ? ids[0] : null,
            IdCr = ids.Count == 2 ? ids[1] : null,
        };
        // Lifetimes: the shorter of the peer's and ours, by time and by bytes; RESPONDER-LIFETIME tells the peer when ours is shorter.
        ulong ourKb = connection.KeyProtection.SessionKeyLifeKilobytes;
        ulong peerKb = Ikev1Lifetimes.Read(selection.PeerTransform!.Attributes).Kilobytes ?? 0;
        qm.LifeKilobytes = peerKb == 0 ? ourKb : ourKb == 0 ? peerKb : Math.Min(ourKb, peerKb);
        bool tellLifetime = selection.LifetimeReduced || (qm.LifeKilobytes != peerKb && qm.LifeKilobytes > 0);
        var rest = new List<IsakmpPayload>
        {
            new SecurityAssociationPayload(saPayload.Doi, saPayload.Situation,
                [new Proposal(selection.PeerProposal.Number, selection.PeerProposal.ProtocolId, QuickModeKeying.Spi(qm.InboundSpi), [selection.PeerTransform])]),
            new NoncePayload(qm.Nr),
        };
        if (chosen.Pfs != Crypto.KeyExchangeMethod.None)
        {
            var ke = plaintext.Find<KeyExchangePayload>();
            if (ke is null || !sa.Registry.TryGetKeyExchange(chosen.Pfs, out var factory, out var error)
                || !factory!.TryRespond(ke.Data.Span, out var gxr, out var secret, out error))
            {
                Refuse(sa, messageId, Ikev1NotifyType.InvalidKeyInformation, IkeSaFailureKind.InvalidKePayload,
                    $"INVALID-KEY-INFORMATION: Quick Mode with PFS group {chosen.Pfs} needs a valid KE payload from the initiator", now, outputs);
                return;
            }
            qm.PfsSecret = secret;
            rest.Add(new KeyExchangePayload(gxr!));
        }
        if (qm.IdCi is not null)
        {
            rest.Add(qm.IdCi);
            rest.Add(qm.IdCr!);
        }
        if (tellLifetime)
        {
            rest.Add(new NotificationPayload(SecurityAssociationPayload.IpsecDoi, chosen.Protocol, Ikev1NotifyType.ResponderLifetime,
                QuickModeKeying.Spi(qm.InboundSpi), Ikev1Lifetimes.EncodeAttributes((ulong)chosen.Lifetime.TotalSeconds, qm.LifeKilobytes)));
        }
        if (!QuickModeKeying.TryDeriveKeys(sa, qm, out var keys, out reason))
        {
            qm.Dispose();
            Refuse(sa, messageId, Ikev1NotifyType.NoProposalChosen, IkeSaFailureKind.Crypto, reason, now, outputs);
            return;
        }
        byte[] hash2 = QuickModeKeying.Hash2(sa, messageId, qm.Ni, Ikev1Plaintext.Encode(rest));
        var bytes = protection.Encrypt(sa.Header(IsakmpExchangeType.QuickMode, messageId), [new HashPayload(hash2), .. rest], qm.Iv);
        qm.State = QuickModeState.Replied;
        qm.Messages.Sent(bytes, datagram, now, awaitAnswer: true);
        sa.QuickModes[messageId] = qm;
        sa.QuickModesUsed++;
        // Installed before message 2 leaves: the initiator installs on message 2 and may send ESP before message 3 is
        // processed here (seen live with strongSwan). Without message 3 the pair is removed again (IsakmpSaTimers).
        QuickModeKeying.Install(sa, qm, keys!, now, outputs);
        sa.Send(bytes, outputs);
    }

    public static void Receive(IsakmpSa sa, QuickModeExchange qm, IsakmpMessage message, DateTimeOffset now, List<EngineOutput> outputs)
    {
        if (qm.State != QuickModeState.Replied)
        {
            sa.Engine.Counters.UnexpectedInState++;
            return;
        }
        if (!message.IsEncrypted || !sa.Protection!.TryDecrypt(message, qm.Iv, out var plaintext, out _)
            || plaintext!.Payloads is not [HashPayload hash, ..]
            || !Crypto.Kdf.Ikev1Hashes.Matches(QuickModeKeying.Hash3(sa, qm.MessageId, qm.Ni, qm.Nr), hash.Data.Span))
        {
            sa.Engine.Counters.DecryptionFailures++;
            return;
        }
        qm.Iv.TryAdvance(message.EncryptedBody.Span, out _);
        qm.Messages.Answered();
        qm.State = QuickModeState.Done;
        qm.LingerUntil = now + sa.Engine.Settings.Linger;
    }

    /// <summary>IDci is the initiator's side (the peer's), IDcr ours; without IDs the SA is between the IKE addresses.</summary>
    private static bool TrySelectors(IsakmpSa sa, List<IdentificationPayload> ids, out TrafficSelector? remote, out TrafficSelector? local, out string reason)
    {
        remote = local = null;
        if (ids.Count == 0)
        {
            remote = TrafficSelector.FromSubnet(sa.Remote.Address, sa.Remote.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            local = TrafficSelector.FromSubnet(sa.Local.Address, sa.Local.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }
        else if (!Ikev1TrafficSelectorConverter.TryFromIdPayload(ids[0], out remote, out reason)
            || !Ikev1TrafficSelectorConverter.TryFromIdPayload(ids[1], out local, out reason))
        {
            reason = $"INVALID-ID-INFORMATION: Quick Mode identity is not an address selector: {reason}";
            return false;
        }
        var narrowed = TrafficSelectorNarrowing.NarrowChildSa([remote!], [local!], sa.Connection.RemoteTrafficSelectors, sa.Connection.LocalTrafficSelectors);
        if (!narrowed.IsAcceptable || narrowed.Initiator is not [var i] || narrowed.Responder is not [var r] || !i.Equals(remote) || !r.Equals(local))
        {
            reason = $"INVALID-ID-INFORMATION: the peer asks for {remote} === {local}, which does not fit connection {sa.Connection.Name} "
                + $"({string.Join(' ', sa.Connection.RemoteTrafficSelectors)} === {string.Join(' ', sa.Connection.LocalTrafficSelectors)}); check the subnets on both sides";
            return false;
        }
        reason = "";
        return true;
    }

    private static void Refuse(IsakmpSa sa, uint messageId, Ikev1NotifyType notify, IkeSaFailureKind kind, string reason, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        InformationalExchange.SendNotify(sa, IpsecProtocolId.Esp, notify, default, now, outputs);
        outputs.Add(new QuickModeFailed(sa.Id, sa.Connection.Name, messageId, kind, reason));
    }
}
