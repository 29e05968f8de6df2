using System.Buffers.Binary;
using DotSwan.Ike.Engine;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Informational exchanges (RFC 2409 §5.7): Delete for IPsec and ISAKMP SAs, notifications (errors, INITIAL-CONTACT,
/// RFC 3706 R-U-THERE/ACK), each protected by HASH(1) = prf(SKEYID_a, M-ID | N/D) once phase 1 is complete.
/// </summary>
internal static class InformationalExchange
{
    public static void Send(IsakmpSa sa, IReadOnlyList<IsakmpPayload> payloads, List<EngineOutput> outputs)
    {
        uint messageId = sa.Engine.NewMessageId();
        var protection = sa.Protection;
        if (protection is null || sa.EstablishedAt is null)
        {
            sa.Send(IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.Informational, messageId), payloads), outputs);
            return;
        }
        byte[] hash = QuickModeKeying.Hash1(sa, messageId, Ikev1Plaintext.Encode(payloads));
        sa.Send(protection.Encrypt(sa.Header(IsakmpExchangeType.Informational, messageId), [new HashPayload(hash), .. payloads],
            protection.ExchangeIv(messageId)), outputs);
    }

    public static void SendNotify(IsakmpSa sa, IpsecProtocolId protocol, Ikev1NotifyType type, ReadOnlyMemory<byte> data, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        var spi = protocol == IpsecProtocolId.Isakmp ? MainModeInitiator.Cookies(sa) : ReadOnlyMemory<byte>.Empty;
        Send(sa, [new NotificationPayload(SecurityAssociationPayload.IpsecDoi, protocol, type, spi, data)], outputs);
    }

    /// <summary>Sends one Delete for <paramref name="children"/> (our inbound SPIs) and removes them from the driver.</summary>
    public static void DeleteChildren(IsakmpSa sa, IReadOnlyList<Ikev1ChildSa> children, string reason, DateTimeOffset now, List<EngineOutput> outputs,
        bool tellPeer = true)
    {
        if (children.Count == 0) { return; }
        if (tellPeer && sa.IsEstablished)
        {
            foreach (var group in children.GroupBy(c => c.Protocol))
            {
                Send(sa, [new DeletePayload(SecurityAssociationPayload.IpsecDoi, group.Key, 4,
                    [.. group.Select(c => (ReadOnlyMemory<byte>)QuickModeKeying.Spi(c.InboundSpi))])], outputs);
            }
        }
        foreach (var child in children)
        {
            sa.Children.Remove(child);
            sa.Engine.ReleaseSpi(child.InboundSpi);
            outputs.Add(new DeleteChildSa(sa.Id, child.InboundSpi, child.OutboundSpi));
        }
        _ = reason;
    }

    /// <summary>Deletes the IPsec SAs and then the ISAKMP SA itself, telling the peer when we can.</summary>
    public static void DeleteIsakmpSa(IsakmpSa sa, string reason, DateTimeOffset now, List<EngineOutput> outputs, bool tellPeer = true)
    {
        if (sa.IsGone) { return; }
        // Told by the peer: the IPsec SAs are left to OnGone (a sibling SA after a reauthentication may adopt them).
        if (tellPeer) { DeleteChildren(sa, [.. sa.Children], reason, now, outputs); }
        if (tellPeer && sa.IsEstablished)
        {
            Send(sa, [new DeletePayload(SecurityAssociationPayload.IpsecDoi, IpsecProtocolId.Isakmp, 16, [MainModeInitiator.Cookies(sa)])], outputs);
        }
        sa.MoveTo(IsakmpSaState.Deleted, now);
        outputs.Add(new IkeSaDeleted(sa.Id, sa.Connection.Name, reason));
        sa.Engine.OnGone(sa, now, outputs);
    }

    public static void SendDpd(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        sa.DpdSequence++;
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, sa.DpdSequence);
        SendNotify(sa, IpsecProtocolId.Isakmp, Ikev1NotifyType.RUThere, data, now, outputs);
        sa.DpdDeadline = now + sa.Connection.EffectiveRetransmission.WaitAfter(sa.DpdUnanswered);
    }

    public static void Receive(IsakmpSa sa, IsakmpMessage message, DateTimeOffset now, List<EngineOutput> outputs)
    {
        IReadOnlyList<IsakmpPayload> payloads;
        if (message.IsEncrypted)
        {
            var protection = sa.Protection;
            // Protected ones from the moment both sides hold the phase 1 keys: the responder refusing our message 5 sends its
            // error protected (as strongSwan does, which ignores unprotected ones from then on).
            if (protection is null || (sa.EstablishedAt is null && sa.State != IsakmpSaState.MainModeAuthSent) || message.Header.MessageId == 0
                || !protection.TryDecrypt(message, protection.ExchangeIv(message.Header.MessageId), out var plaintext, out _)
                || plaintext!.Payloads is not [HashPayload hash, ..]
                || !Crypto.Kdf.Ikev1Hashes.Matches(QuickModeKeying.Hash1(sa, message.Header.MessageId, plaintext.AfterFirst.Span), hash.Data.Span))
            {
                sa.Engine.Counters.DecryptionFailures++;
                return;
            }
            payloads = plaintext.Payloads;
        }
        else
        {
            // Unprotected: only phase 1 errors before keys are shared are believed.
            if (sa.EstablishedAt is not null)
            {
                sa.Engine.Counters.UnexpectedInState++;
                return;
            }
            payloads = message.Payloads;
        }
        foreach (var payload in payloads)
        {
            if (sa.IsGone) { return; }
            switch (payload)
            {
                case NotificationPayload notify:
                    OnNotify(sa, notify, message.IsEncrypted, now, outputs);
                    break;
                case DeletePayload delete when message.IsEncrypted:
                    OnDelete(sa, delete, now, outputs);
                    break;
            }
        }
    }

    private static void OnNotify(IsakmpSa sa, NotificationPayload notify, bool authenticated, DateTimeOffset now, List<EngineOutput> outputs)
    {
        switch (notify.NotifyType)
        {
            case Ikev1NotifyType.RUThere when authenticated:
                SendNotify(sa, IpsecProtocolId.Isakmp, Ikev1NotifyType.RUThereAck, notify.Data, now, outputs);
                return;
            case Ikev1NotifyType.RUThereAck when authenticated:
                if (notify.Data.Length == 4 && BinaryPrimitives.ReadUInt32BigEndian(notify.Data.Span) == sa.DpdSequence)
                {
                    sa.DpdUnanswered = 0;
                    sa.DpdDeadline = null;
                }
                return;
            case Ikev1NotifyType.InitialContact or Ikev1NotifyType.Connected or Ikev1NotifyType.ResponderLifetime or Ikev1NotifyType.ReplayStatus:
                return;
        }
        if ((ushort)notify.NotifyType >= 8192)
        {
            return; // status notifications we do not use
        }
        string reason = $"peer sent {Phase1Failure.Name(notify.NotifyType)} ({(ushort)notify.NotifyType}): {Phase1Failure.Advice(notify.NotifyType, sa.Connection)}";
        if (notify.ProtocolId is (IpsecProtocolId.Esp or IpsecProtocolId.Ah) && sa.IsEstablished)
        {
            // A refused Quick Mode: fail the one we have open (the notification rarely names it).
            foreach (var qm in sa.QuickModes.Values.Where(q => q.IsInitiator && q.State == QuickModeState.Offered).ToList())
            {
                var kind = notify.NotifyType == Ikev1NotifyType.InvalidIdInformation ? IkeSaFailureKind.TsUnacceptable : Phase1Failure.KindOf(notify.NotifyType);
                QuickModeInitiator.Fail(sa, qm, kind, reason, now, outputs);
            }
            return;
        }
        if (!sa.IsEstablished)
        {
            Phase1Failure.Fail(sa, Phase1Failure.KindOf(notify.NotifyType), reason, now, outputs);
        }
    }

    private static void OnDelete(IsakmpSa sa, DeletePayload delete, DateTimeOffset now, List<EngineOutput> outputs)
    {
        if (delete.ProtocolId == IpsecProtocolId.Isakmp)
        {
            if (delete.Spis.Any(spi => spi.Span.SequenceEqual(MainModeInitiator.Cookies(sa))))
            {
                InformationalExchange.DeleteIsakmpSa(sa, "deleted by the peer", now, outputs, tellPeer: false);
            }
            return;
        }
        if (delete.ProtocolId is not (IpsecProtocolId.Esp or IpsecProtocolId.Ah) || delete.SpiSize != 4) { return; }
        // The peer names its inbound SPIs: our outbound ones.
        var gone = sa.Children.Where(c => delete.Spis.Any(spi => BinaryPrimitives.ReadUInt32BigEndian(spi.Span) == c.OutboundSpi)).ToList();
        DeleteChildren(sa, gone, "deleted by the peer", now, outputs, tellPeer: false);
    }
}
