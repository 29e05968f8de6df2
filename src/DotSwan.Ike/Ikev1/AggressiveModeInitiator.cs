using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// Aggressive Mode as initiator (RFC 2409 §5, pre-shared key): SA, KE, Ni, IDii → the responder's SA, KE, Nr, IDir,
/// HASH_R → HASH_I (encrypted). Only when the connection enables it: see <see cref="Ikev1Connection.AggressiveMode"/>.
/// </summary>
internal static class AggressiveModeInitiator
{
    public static void Start(IsakmpSa sa, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var all = Phase1Keying.Transforms(sa.Connection, sa.Registry);
        if (all.Count == 0)
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.NoProposalChosen, $"connection {sa.Connection.Name} has no usable phase 1 proposal", now, outputs);
            return;
        }
        // The KE goes out with the proposal, so every transform must use the same group.
        var transforms = all.Where(t => t.Group == all[0].Group).ToList();
        if (!sa.Registry.TryGetKeyExchange(transforms[0].Group, out var factory, out var error))
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.Crypto, error.Detail, now, outputs);
            return;
        }
        sa.OfferedPhase1 = transforms;
        var saPayload = new SecurityAssociationPayload(SecurityAssociationPayload.IpsecDoi, SecurityAssociationPayload.SituationIdentityOnly,
            [Ikev1ProposalConverter.ToPhase1Proposal(transforms)]);
        sa.SaiBody = Ikev1Plaintext.BodyOf(saPayload);
        sa.Dh = factory!.CreateInitiator();
        sa.Gxi = sa.Dh.PublicValue.ToArray();
        sa.Ni = Phase1Keying.NewNonce(sa.Engine.Random);
        var id = Ikev1IdentityConverter.ToIdPayload(sa.Connection.LocalIdentity);
        sa.PeerIdBody = Ikev1Plaintext.BodyOf(id); // our IDii_b, for HASH_I
        var bytes = IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.Aggressive, 0),
            [saPayload, new KeyExchangePayload(sa.Gxi), new NoncePayload(sa.Ni), id, .. Phase1Keying.VendorIds()]);
        sa.Phase1Messages.Sent(bytes, null, now, awaitAnswer: true);
        sa.Send(bytes, outputs);
    }

    public static void Receive(IsakmpSa sa, IsakmpMessage message, byte[] datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now,
        List<EngineOutput> outputs)
    {
        if (sa.State != IsakmpSaState.AggressiveSent || message.IsEncrypted)
        {
            sa.Engine.Counters.UnexpectedInState++;
            return;
        }
        var plaintext = new Ikev1Plaintext(message.Payloads, datagram.AsMemory(IsakmpHeader.Size, (int)message.Header.Length - IsakmpHeader.Size));
        var saPayload = plaintext.Find<SecurityAssociationPayload>();
        var ke = plaintext.Find<KeyExchangePayload>();
        var nonce = plaintext.Find<NoncePayload>();
        if (message.Header.ResponderCookie == 0 || saPayload is not { Proposals: [{ Transforms: [var transform] }] } || ke is null || nonce is null
            || !Ikev1ProposalConverter.TryFromPhase1Transform(transform, out var theirs, out _)
            || sa.OfferedPhase1.FirstOrDefault(t => t.MatchesAlgorithms(theirs!)) is not { } ours)
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.InvalidMessage, "Aggressive Mode message 2 is malformed or chose a transform we did not offer", now, outputs);
            return;
        }
        sa.CookieR = message.Header.ResponderCookie;
        sa.Chosen = ours with { Lifetime = theirs!.Lifetime < ours.Lifetime ? theirs.Lifetime : ours.Lifetime };
        Phase1Keying.ReadVendorIds(sa, message.Payloads);
        sa.Gxr = ke.Data.ToArray();
        sa.Nr = nonce.Data.ToArray();
        if (!sa.Dh!.TryComputeSharedSecret(sa.Gxr, out var shared, out var error))
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.InvalidKePayload, $"INVALID-KEY-INFORMATION: {error.Detail}", now, outputs);
            return;
        }
        using (shared)
        {
            if (!Phase1Keying.TryDeriveKeys(sa, shared!, out string why))
            {
                Phase1Failure.Fail(sa, IkeSaFailureKind.Crypto, why, now, outputs);
                return;
            }
        }
        if (!Phase1Keying.TryAuthenticatePeer(sa, plaintext, now, out string reason))
        {
            Phase1Failure.Fail(sa, IkeSaFailureKind.AuthenticationFailed, reason, now, outputs);
            return;
        }
        Phase1Keying.DetectNat(sa, message.Payloads, local, remote);
        if (sa.NatDetected)
        {
            sa.Follow(new IPEndPoint(sa.Local.Address, sa.Connection.NatTraversalPort), new IPEndPoint(sa.Remote.Address, sa.Connection.NatTraversalPort));
        }
        var bytes = sa.Protection!.Encrypt(sa.Header(IsakmpExchangeType.Aggressive, 0),
            [new HashPayload(Phase1Keying.HashI(sa, sa.PeerIdBody)), .. Phase1Keying.NatDiscovery(sa)], sa.Protection.Phase1Iv);
        sa.Phase1Messages.Sent(bytes, datagram, now, awaitAnswer: false);
        sa.Send(bytes, outputs);
        sa.Engine.Establish(sa, now, outputs);
    }
}
