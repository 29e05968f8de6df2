using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Aggressive Mode as responder. Refused (NO-PROPOSAL-CHOSEN with a reason) unless a connection for the peer enables it:
/// answering hands out HASH_R, which lets anyone test PSK guesses offline.
/// </summary>
internal static class AggressiveModeResponder
{
    public static IsakmpSa? Start(Ikev1Engine engine, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        var plaintext = new Ikev1Plaintext(message.Payloads, datagram.AsMemory(IsakmpHeader.Size, (int)message.Header.Length - IsakmpHeader.Size));
        int saIndex = IndexOf<SecurityAssociationPayload>(message.Payloads);
        int idIndex = IndexOf<IdentificationPayload>(message.Payloads);
        var ke = plaintext.Find<KeyExchangePayload>();
        var nonce = plaintext.Find<NoncePayload>();
        if (saIndex < 0 || idIndex < 0 || ke is null || nonce is null || nonce.Data.Length is < 8 or > 256
            || !Ikev1IdentityConverter.TryFromIdPayload((IdentificationPayload)message.Payloads[idIndex], out var peerId, out _))
        {
            engine.Counters.Malformed++;
            return null;
        }
        var reasons = new List<string>();
        foreach (var connection in engine.ConnectionsFor(remote, aggressive: true).Where(c => c.RemoteIdentity.Match(peerId!) != IdentityMatch.None))
        {
            var selection = Ikev1ProposalSelector.SelectPhase1(Phase1Keying.Transforms(connection, engine.Registry), (SecurityAssociationPayload)message.Payloads[saIndex]);
            if (!selection.IsSuccess)
            {
                reasons.Add($"{connection.Name}: {selection.Reason}");
                continue;
            }
            var sa = new IsakmpSa(engine, connection, isInitiator: false, message.Header.InitiatorCookie, engine.NewCookie(), local, remote,
                IsakmpSaState.AggressiveReplied, now)
            {
                Chosen = selection.Chosen,
                RenewsPhase1 = selection.LifetimeReduced,
                SaiBody = plaintext.Body(saIndex).ToArray(),
                PeerIdBody = plaintext.Body(idIndex).ToArray(),
                RemoteIdentity = peerId,
                Gxi = ke.Data.ToArray(),
                Ni = nonce.Data.ToArray(),
                Nr = Phase1Keying.NewNonce(engine.Random),
            };
            Phase1Keying.ReadVendorIds(sa, message.Payloads);
            if (!engine.Registry.TryGetKeyExchange(sa.Chosen!.Group, out var factory, out var error)
                || !factory!.TryRespond(sa.Gxi, out var gxr, out var shared, out error))
            {
                Phase1Failure.Fail(sa, IkeSaFailureKind.InvalidKePayload, $"INVALID-KEY-INFORMATION: {error.Detail}", now, outputs, Ikev1NotifyType.InvalidKeyInformation);
                return sa;
            }
            sa.Gxr = gxr!;
            using (shared)
            {
                if (!Phase1Keying.TryDeriveKeys(sa, shared!, out string why))
                {
                    Phase1Failure.Fail(sa, IkeSaFailureKind.Crypto, why, now, outputs);
                    return sa;
                }
            }
            var peerSa = (SecurityAssociationPayload)message.Payloads[saIndex];
            var id = Ikev1IdentityConverter.ToIdPayload(connection.LocalIdentity);
            var payloads = new List<IsakmpPayload>
            {
                new SecurityAssociationPayload(peerSa.Doi, peerSa.Situation,
                    [new Proposal(selection.PeerProposal!.Number, IpsecProtocolId.Isakmp, selection.PeerProposal.Spi, [selection.PeerTransform!])]),
                new KeyExchangePayload(sa.Gxr),
                new NoncePayload(sa.Nr),
                id,
                new HashPayload(Phase1Keying.HashR(sa, Ikev1Plaintext.BodyOf(id))),
            };
            payloads.AddRange(Phase1Keying.NatDiscovery(sa));
            if (sa.PeerSupportsNatTraversal || sa.PeerSupportsDpd) { payloads.AddRange(Phase1Keying.VendorIds()); }
            var bytes = IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.Aggressive, 0), payloads);
            // Message 3 is the initiator's last: without it we would never finish, so message 2 is retransmitted until it comes.
            sa.Phase1Messages.Sent(bytes, datagram, now, awaitAnswer: true);
            sa.Send(bytes, outputs);
            return sa;
        }
        string reason = reasons.Count == 0
            ? $"NO-PROPOSAL-CHOSEN: Aggressive Mode from {remote.Address} as {peerId} refused: no connection for this peer enables Aggressive Mode "
                + "(it exposes a PSK hash to offline guessing); use Main Mode or set AggressiveMode on the connection"
            : $"NO-PROPOSAL-CHOSEN: {string.Join("; ", reasons)}";
        outputs.Add(new IkeSaFailed(new IkeSaId(message.Header.InitiatorCookie, 0), "", IkeSaFailureKind.NoProposalChosen, reason));
        var notify = new NotificationPayload(SecurityAssociationPayload.IpsecDoi, IpsecProtocolId.Isakmp, Ikev1NotifyType.NoProposalChosen, default, default);
        outputs.Add(new SendDatagram(local, remote, IsakmpSa.EncodeClear(
            IsakmpHeader.Create(message.Header.InitiatorCookie, 0, IsakmpExchangeType.Informational, IsakmpHeaderFlags.None, engine.NewMessageId()), [notify])));
        return null;
    }

    public static void Receive(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        if (sa.State != IsakmpSaState.AggressiveReplied)
        {
            sa.Engine.Counters.UnexpectedInState++;
            return;
        }
        var protection = sa.Protection!;
        IReadOnlyList<IsakmpPayload> payloads;
        if (message.IsEncrypted)
        {
            if (!protection.TryDecrypt(message, protection.Phase1Iv, out var plaintext, out string why))
            {
                Phase1Failure.AuthenticationFailed(sa, datagram,
                    $"AUTHENTICATION-FAILED: Aggressive Mode message 3 does not decrypt ({why}); the pre-shared keys most likely differ", now, outputs,
                    Ikev1NotifyType.AuthenticationFailed);
                return;
            }
            payloads = plaintext!.Payloads;
        }
        else
        {
            payloads = message.Payloads;
        }
        var hash = payloads.OfType<HashPayload>().FirstOrDefault();
        if (hash is null || !Crypto.Kdf.Ikev1Hashes.Matches(Phase1Keying.HashI(sa, sa.PeerIdBody), hash.Data.Span))
        {
            Phase1Failure.AuthenticationFailed(sa, datagram,
                "AUTHENTICATION-FAILED: the initiator's HASH_I does not verify with the configured pre-shared key (check the PSK on both sides)",
                now, outputs, Ikev1NotifyType.AuthenticationFailed);
            return;
        }
        if (message.IsEncrypted) { protection.Phase1Iv.TryAdvance(message.EncryptedBody.Span, out _); }
        Phase1Keying.DetectNat(sa, payloads, local, remote);
        sa.Follow(local, remote);
        sa.Phase1Messages.Sent(sa.Phase1Messages.Message!, datagram, now, awaitAnswer: false);
        sa.Engine.Establish(sa, now, outputs);
    }

    private static int IndexOf<T>(IReadOnlyList<IsakmpPayload> payloads)
    {
        for (int i = 0; i < payloads.Count; i++)
        {
            if (payloads[i] is T) { return i; }
        }
        return -1;
    }
}
