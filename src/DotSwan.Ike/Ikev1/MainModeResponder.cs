using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Main Mode as responder (RFC 2409 §5, pre-shared key; §5.1 with RSA signatures, see <see cref="Phase1Certificates"/>).
/// The connection (and so the PSK) is chosen by the peer's address and the proposal in message 1 (whose authentication
/// method must match): the initiator's identity only arrives encrypted under the keys that follow.
/// </summary>
internal static class MainModeResponder
{
    public static IsakmpSa? Start(Ikev1Engine engine, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        var id = new IkeSaId(message.Header.InitiatorCookie, 0);
        int saIndex = IndexOf<SecurityAssociationPayload>(message.Payloads);
        if (saIndex < 0)
        {
            engine.Counters.Malformed++;
            return null;
        }
        var peerSa = (SecurityAssociationPayload)message.Payloads[saIndex];
        var reasons = new List<string>();
        foreach (var connection in engine.ConnectionsFor(remote, aggressive: false))
        {
            if (Phase1Certificates.AuthMethod(connection, out string unusable) is null)
            {
                reasons.Add($"{connection.Name}: {unusable}");
                continue;
            }
            var selection = Ikev1ProposalSelector.SelectPhase1(Phase1Keying.Transforms(connection, engine.Registry), peerSa);
            if (!selection.IsSuccess)
            {
                reasons.Add($"{connection.Name}: {selection.Reason}");
                continue;
            }
            var sa = new IsakmpSa(engine, connection, isInitiator: false, message.Header.InitiatorCookie, engine.NewCookie(), local, remote,
                IsakmpSaState.MainModeSaReplied, now)
            {
                Chosen = selection.Chosen! with { LifeKilobytes = Phase1Volume.Lower(selection.Chosen.LifeKilobytes, connection.MasterKeyLifeKilobytes) },
                RenewsPhase1 = selection.LifetimeReduced || Phase1Volume.Lower(selection.Chosen.LifeKilobytes, connection.MasterKeyLifeKilobytes) != selection.Chosen.LifeKilobytes,
                SaiBody = new Ikev1Plaintext(message.Payloads, datagram.AsMemory(IsakmpHeader.Size, (int)message.Header.Length - IsakmpHeader.Size)).Body(saIndex).ToArray(),
            };
            Phase1Keying.ReadVendorIds(sa, message.Payloads);
            var reply = new SecurityAssociationPayload(peerSa.Doi, peerSa.Situation,
                [new Proposal(selection.PeerProposal!.Number, IpsecProtocolId.Isakmp, selection.PeerProposal.Spi, [selection.PeerTransform!])]);
            var payloads = new List<IsakmpPayload> { reply };
            if (sa.PeerSupportsNatTraversal || sa.PeerSupportsDpd) { payloads.AddRange(Phase1Keying.VendorIds()); }
            var bytes = IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.IdentityProtection, 0), payloads);
            sa.Phase1Messages.Sent(bytes, datagram, now, awaitAnswer: false);
            sa.Send(bytes, outputs);
            return sa;
        }
        string reason = reasons.Count == 0
            ? $"NO-PROPOSAL-CHOSEN: no IKEv1 Main Mode connection is configured for peer {remote.Address}"
            : $"NO-PROPOSAL-CHOSEN: {string.Join("; ", reasons)}";
        outputs.Add(new IkeSaFailed(id, "", IkeSaFailureKind.NoProposalChosen, reason));
        var notify = new NotificationPayload(SecurityAssociationPayload.IpsecDoi, IpsecProtocolId.Isakmp, Ikev1NotifyType.NoProposalChosen, default, default);
        outputs.Add(new SendDatagram(local, remote, IsakmpSa.EncodeClear(
            IsakmpHeader.Create(message.Header.InitiatorCookie, 0, IsakmpExchangeType.Informational, IsakmpHeaderFlags.None, engine.NewMessageId()), [notify])));
        return null;
    }

    public static void Receive(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        switch (sa.State)
        {
            case IsakmpSaState.MainModeSaReplied when !message.IsEncrypted:
                OnKe(sa, message, datagram, local, remote, now, outputs);
                break;
            case IsakmpSaState.MainModeKeReplied when message.IsEncrypted:
                OnAuth(sa, message, datagram, local, remote, now, outputs);
                break;
            default:
                sa.Engine.Counters.UnexpectedInState++;
                break;
        }
    }

    private static void OnKe(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        var ke = message.Payloads.OfType<KeyExchangePayload>().FirstOrDefault();
        var nonce = message.Payloads.OfType<NoncePayload>().FirstOrDefault();
        // Unauthenticated and possibly forged: a message that does not fit is dropped, not allowed to end the negotiation.
        if (ke is null || nonce is null || nonce.Data.Length is < 8 or > 256 || !sa.Registry.TryGetKeyExchange(sa.Chosen!.Group, out var factory, out _)
            || !factory!.TryRespond(ke.Data.Span, out var gxr, out var shared, out _))
        {
            sa.Engine.Counters.Malformed++;
            return;
        }
        sa.Gxi = ke.Data.ToArray();
        sa.Gxr = gxr!;
        sa.Ni = nonce.Data.ToArray();
        sa.Nr = Phase1Keying.NewNonce(sa.Engine.Random);
        Phase1Certificates.ReadCertificateRequests(sa, message.Payloads);
        using (shared)
        {
            Phase1Keying.DetectNat(sa, message.Payloads, local, remote);
            if (!Phase1Keying.TryDeriveKeys(sa, shared!, out string reason))
            {
                Phase1Failure.Fail(sa, IkeSaFailureKind.Crypto, reason, now, outputs);
                return;
            }
        }
        bool natd = message.Payloads.OfType<NatDiscoveryPayload>().Any();
        var bytes = IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.IdentityProtection, 0),
            [new KeyExchangePayload(sa.Gxr), new NoncePayload(sa.Nr), .. Phase1Certificates.CertificateRequests(sa), .. natd ? Phase1Keying.NatDiscovery(sa) : []]);
        sa.MoveTo(IsakmpSaState.MainModeKeReplied, now);
        sa.Phase1Messages.Sent(bytes, datagram, now, awaitAnswer: false);
        sa.Send(bytes, outputs);
    }

    private static void OnAuth(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        var protection = sa.Protection!;
        if (!protection.TryDecrypt(message, protection.Phase1Iv, out var plaintext, out string why))
        {
            sa.Follow(local, remote);
            Phase1Failure.AuthenticationFailed(sa, datagram,
                $"AUTHENTICATION-FAILED: Main Mode message 5 from {remote} does not decrypt ({why}); the pre-shared keys most likely differ", now, outputs,
                Ikev1NotifyType.AuthenticationFailed);
            return;
        }
        Phase1Certificates.ReadCertificateRequests(sa, plaintext!.Payloads);
        if (!Phase1Keying.TryAuthenticatePeer(sa, plaintext!, now, out string reason))
        {
            sa.Follow(local, remote);
            if (Phase1Certificates.UsesSignatures(sa))
            {
                // CBC without a MAC: a corrupted message 5 can decrypt to payloads that fail. Refused (and the initiator told,
                // protected) when the same bytes come again.
                if (Phase1Failure.IsRepeated(sa, datagram)) { Phase1Certificates.Refuse(sa, message, reason, now, outputs); }
                return;
            }
            Phase1Failure.AuthenticationFailed(sa, datagram, reason, now, outputs,
                reason.StartsWith("INVALID-ID", StringComparison.Ordinal) ? Ikev1NotifyType.InvalidIdInformation : Ikev1NotifyType.AuthenticationFailed);
            return;
        }
        protection.Phase1Iv.TryAdvance(message.EncryptedBody.Span, out _);
        sa.Follow(local, remote);
        sa.InitialContactReceived = plaintext!.Payloads.OfType<NotificationPayload>().Any(n => n.NotifyType == Ikev1NotifyType.InitialContact);
        var id = Ikev1IdentityConverter.ToIdPayload(sa.Connection.LocalIdentity);
        List<IsakmpPayload> payloads = [id];
        if (!Phase1Certificates.UsesSignatures(sa)) { payloads.Add(new HashPayload(Phase1Keying.HashR(sa, Ikev1Plaintext.BodyOf(id)))); }
        else if (Phase1Certificates.TryCreate(sa, id, out var authentication, out string signError)) { payloads.AddRange(authentication); }
        else
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.AuthenticationFailed, signError, now, outputs, Ikev1NotifyType.AuthenticationFailed);
            return;
        }
        var bytes = protection.Encrypt(sa.Header(IsakmpExchangeType.IdentityProtection, 0), payloads, protection.Phase1Iv);
        sa.Phase1Messages.Sent(bytes, datagram, now, awaitAnswer: false);
        sa.Send(bytes, outputs);
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
