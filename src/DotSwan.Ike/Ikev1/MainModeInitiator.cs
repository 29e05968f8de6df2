using System.Buffers.Binary;
using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Main Mode as initiator (RFC 2409 §5, pre-shared key; §5.1 with RSA signatures, see <see cref="Phase1Certificates"/>):
/// SA → KE, Ni, NAT-D → ID, HASH_I or CERT, SIG_I (encrypted, floated to 4500 when a NAT was detected) and the
/// responder's three answers.
/// </summary>
internal static class MainModeInitiator
{
    public static bool Start(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var transforms = Phase1Keying.Transforms(sa.Connection, sa.Registry);
        if (transforms.Count == 0)
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.NoProposalChosen, Phase1Certificates.AuthMethod(sa.Connection, out string why) is null
                ? $"connection {sa.Connection.Name}: {why}"
                : $"connection {sa.Connection.Name} has no phase 1 proposal this engine can use (IKEv1 needs a classic cipher, a hash and a DH group)", now, outputs);
            return false;
        }
        sa.OfferedPhase1 = transforms;
        var saPayload = new SecurityAssociationPayload(SecurityAssociationPayload.IpsecDoi, SecurityAssociationPayload.SituationIdentityOnly,
            [Ikev1ProposalConverter.ToPhase1Proposal(transforms)]);
        sa.SaiBody = Ikev1Plaintext.BodyOf(saPayload);
        var bytes = IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.IdentityProtection, 0), [saPayload, .. Phase1Keying.VendorIds()]);
        sa.Phase1Messages.Sent(bytes, null, now, awaitAnswer: true);
        sa.Send(bytes, outputs);
        return true;
    }

    public static void Receive(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        switch (sa.State)
        {
            case IsakmpSaState.MainModeSaSent when !message.IsEncrypted:
                OnSaReply(sa, message, datagram, now, outputs);
                break;
            case IsakmpSaState.MainModeKeSent when !message.IsEncrypted:
                OnKeReply(sa, message, datagram, local, remote, now, outputs);
                break;
            case IsakmpSaState.MainModeAuthSent when message.IsEncrypted:
                OnAuthReply(sa, message, datagram, local, remote, now, outputs);
                break;
            default:
                sa.Engine.Counters.UnexpectedInState++;
                break;
        }
    }

    private static void OnSaReply(IsakmpSa sa, IsakmpMessage message, byte[] datagram, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var saPayload = message.Payloads.OfType<SecurityAssociationPayload>().FirstOrDefault();
        if (message.Header.ResponderCookie == 0 || saPayload is not { Proposals: [{ Transforms: [var transform] }] }
            || !Ikev1ProposalConverter.TryFromPhase1Transform(transform, out var theirs, out string why))
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.InvalidMessage,
                "PAYLOAD-MALFORMED: Main Mode message 2 must carry one proposal with exactly one of our transforms", now, outputs);
            return;
        }
        var ours = sa.OfferedPhase1.FirstOrDefault(t => t.MatchesAlgorithms(theirs!));
        if (ours is null)
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.NoProposalChosen, $"NO-PROPOSAL-CHOSEN: the responder chose {theirs}, which we did not offer {why}", now, outputs);
            return;
        }
        sa.CookieR = message.Header.ResponderCookie;
        sa.Chosen = ours with
        {
            Lifetime = theirs!.Lifetime < ours.Lifetime ? theirs.Lifetime : ours.Lifetime,
            LifeKilobytes = Phase1Volume.Lower(ours.LifeKilobytes, theirs.LifeKilobytes),
        };
        Phase1Keying.ReadVendorIds(sa, message.Payloads);
        if (!sa.Registry.TryGetKeyExchange(sa.Chosen.Group, out var factory, out var error))
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.Crypto, $"DH group {sa.Chosen.Group}: {error.Detail}", now, outputs);
            return;
        }
        sa.Dh = factory!.CreateInitiator();
        sa.Gxi = sa.Dh.PublicValue.ToArray();
        sa.Ni = Phase1Keying.NewNonce(sa.Engine.Random);
        var bytes = IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.IdentityProtection, 0),
            [new KeyExchangePayload(sa.Gxi), new NoncePayload(sa.Ni), .. Phase1Keying.NatDiscovery(sa)]);
        sa.MoveTo(IsakmpSaState.MainModeKeSent, now);
        sa.Phase1Messages.Sent(bytes, datagram, now, awaitAnswer: true);
        sa.Send(bytes, outputs);
    }

    private static void OnKeReply(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        var ke = message.Payloads.OfType<KeyExchangePayload>().FirstOrDefault();
        var nonce = message.Payloads.OfType<NoncePayload>().FirstOrDefault();
        // Unauthenticated and possibly forged: a message that does not fit is dropped, not allowed to end the negotiation.
        if (ke is null || nonce is null || nonce.Data.Length is < 8 or > 256 || !sa.Dh!.TryComputeSharedSecret(ke.Data.Span, out var shared, out _))
        {
            sa.Engine.Counters.Malformed++;
            return;
        }
        sa.Gxr = ke.Data.ToArray();
        sa.Nr = nonce.Data.ToArray();
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
        if (sa.NatDetected)
        {
            // RFC 3947 §4: the initiator floats to 4500 with the message that carries the ID.
            sa.Follow(new IPEndPoint(sa.Local.Address, sa.Connection.NatTraversalPort), new IPEndPoint(sa.Remote.Address, sa.Connection.NatTraversalPort));
        }
        var id = Ikev1IdentityConverter.ToIdPayload(sa.Connection.LocalIdentity);
        var payloads = new List<IsakmpPayload> { id };
        if (!Phase1Certificates.UsesSignatures(sa)) { payloads.Add(new HashPayload(Phase1Keying.HashI(sa, Ikev1Plaintext.BodyOf(id)))); }
        else if (Phase1Certificates.TryCreate(sa, id, out var authentication, out string why))
        {
            // CERT…, then our CERTREQs (strongSwan's place for them as initiator), then SIG.
            payloads.AddRange(authentication.Take(authentication.Count - 1));
            payloads.AddRange(Phase1Certificates.CertificateRequests(sa));
            payloads.Add(authentication[^1]);
        }
        else
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.AuthenticationFailed, why, now, outputs);
            return;
        }
        // Only on first contact: a renewal or re-run keeps the IPsec SAs the peer holds for us.
        if (sa.Connection.SendInitialContact && sa.Replaces is null && sa.Engine.IsFirstContact(sa))
        {
            payloads.Add(new NotificationPayload(SecurityAssociationPayload.IpsecDoi, IpsecProtocolId.Isakmp, Ikev1NotifyType.InitialContact, Cookies(sa), default));
        }
        var bytes = sa.Protection!.Encrypt(sa.Header(IsakmpExchangeType.IdentityProtection, 0), payloads, sa.Protection.Phase1Iv);
        sa.MoveTo(IsakmpSaState.MainModeAuthSent, now);
        sa.Phase1Messages.Sent(bytes, datagram, now, awaitAnswer: true);
        sa.Send(bytes, outputs);
    }

    private static void OnAuthReply(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var protection = sa.Protection!;
        if (!protection.TryDecrypt(message, protection.Phase1Iv, out var plaintext, out string why))
        {
            Phase1Failure.AuthenticationFailed(sa, datagram,
                $"AUTHENTICATION-FAILED: Main Mode message 6 from {remote} does not decrypt ({why}); the pre-shared keys most likely differ", now, outputs,
                Ikev1NotifyType.None);
            return;
        }
        if (!Phase1Keying.TryAuthenticatePeer(sa, plaintext!, now, out string reason))
        {
            if (Phase1Certificates.UsesSignatures(sa))
            {
                // CBC without a MAC: a corrupted message 6 can decrypt to payloads that fail. Refused (and the responder told)
                // when the same bytes come again, the responder's answer to our retransmission.
                if (!Phase1Failure.IsRepeated(sa, datagram)) { return; }
                sa.Follow(local, remote);
                Phase1Certificates.Refuse(sa, message, reason, now, outputs);
                return;
            }
            Phase1Failure.AuthenticationFailed(sa, datagram, reason, now, outputs, Ikev1NotifyType.None);
            return;
        }
        protection.Phase1Iv.TryAdvance(message.EncryptedBody.Span, out _);
        sa.Follow(local, remote);
        sa.Phase1Messages.Answered();
        sa.Engine.Establish(sa, now, outputs);
    }

    public static byte[] Cookies(IsakmpSa sa)
    {
        var spi = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spi, sa.CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(spi.AsSpan(8), sa.CookieR);
        return spi;
    }
}
