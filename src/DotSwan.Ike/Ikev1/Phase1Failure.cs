using DotSwan.Ike.Engine;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>Ends an ISAKMP SA with a reason a person can act on, optionally telling the peer with a clear notification.</summary>
internal static class Phase1Failure
{
    public static void Fail(IsakmpSa sa, IkeSaFailureKind kind, string reason, DateTimeOffset now, List<EngineOutput> outputs,
        Ikev1NotifyType notify = Ikev1NotifyType.None)
    {
        if (sa.IsGone) { return; }
        if (notify != Ikev1NotifyType.None) { SendClearNotify(sa, notify, outputs); }
        sa.MoveTo(IsakmpSaState.Failed, now);
        outputs.Add(new IkeSaFailed(sa.Id, sa.Connection.Name, kind, reason));
        sa.Engine.OnGone(sa, now, outputs);
    }

    /// <summary>
    /// An authentication message that did not decrypt or verify: ignored the first time (a corrupted or forged datagram
    /// must not end the negotiation), fatal when the same bytes come again (a retransmission fails the same way: the keys differ).
    /// </summary>
    public static void AuthenticationFailed(IsakmpSa sa, byte[] datagram, string reason, DateTimeOffset now, List<EngineOutput> outputs,
        Ikev1NotifyType notify)
    {
        if (IsRepeated(sa, datagram)) { Fail(sa, IkeSaFailureKind.AuthenticationFailed, reason, now, outputs, notify); }
    }

    /// <summary>
    /// Counts an authentication message that did not decrypt or verify and says whether these very bytes failed before
    /// (the peer's retransmission: the failure is real) or not (maybe corrupted or forged: remembered and ignored).
    /// </summary>
    public static bool IsRepeated(IsakmpSa sa, byte[] datagram)
    {
        sa.Engine.Counters.DecryptionFailures++;
        if (sa.FailedAuthentication is not { } previous || !previous.AsSpan().SequenceEqual(datagram))
        {
            sa.FailedAuthentication = datagram;
            return false;
        }
        return true;
    }

    /// <summary>An unprotected Informational exchange with one notification (phase 1 errors, before keys are shared).</summary>
    public static void SendClearNotify(IsakmpSa sa, Ikev1NotifyType notify, List<EngineOutput> outputs)
    {
        var payload = new NotificationPayload(SecurityAssociationPayload.IpsecDoi, IpsecProtocolId.Isakmp, notify, MainModeInitiator.Cookies(sa), default);
        sa.Send(IsakmpSa.EncodeClear(sa.Header(IsakmpExchangeType.Informational, sa.Engine.NewMessageId()), [payload]), outputs);
    }

    /// <summary>Kind of failure a notification we received stands for.</summary>
    public static IkeSaFailureKind KindOf(Ikev1NotifyType notify) => notify switch
    {
        Ikev1NotifyType.NoProposalChosen or Ikev1NotifyType.BadProposalSyntax or Ikev1NotifyType.AttributesNotSupported
            or Ikev1NotifyType.InvalidTransformId => IkeSaFailureKind.NoProposalChosen,
        Ikev1NotifyType.AuthenticationFailed or Ikev1NotifyType.InvalidHashInformation or Ikev1NotifyType.InvalidSignature
            or Ikev1NotifyType.InvalidIdInformation or Ikev1NotifyType.InvalidCertificate or Ikev1NotifyType.InvalidCertEncoding
            or Ikev1NotifyType.CertTypeUnsupported or Ikev1NotifyType.InvalidCertAuthority
            or Ikev1NotifyType.CertificateUnavailable => IkeSaFailureKind.AuthenticationFailed,
        Ikev1NotifyType.InvalidKeyInformation => IkeSaFailureKind.InvalidKePayload,
        _ => IkeSaFailureKind.InvalidMessage,
    };

    /// <summary>The RFC spelling of a notification type (NO-PROPOSAL-CHOSEN), or its number when unnamed.</summary>
    public static string Name(Ikev1NotifyType notify)
    {
        string text = notify.ToString();
        if (text.Length == 0 || char.IsDigit(text[0])) { return ((ushort)notify).ToString(System.Globalization.CultureInfo.InvariantCulture); }
        var name = new System.Text.StringBuilder();
        foreach (char c in text)
        {
            if (char.IsUpper(c) && name.Length > 0) { name.Append('-'); }
            name.Append(char.ToUpperInvariant(c));
        }
        return name.ToString();
    }

    /// <summary>What to check for each error notification; with certificates, the refusals name our certificate and identity.</summary>
    public static string Advice(Ikev1NotifyType notify, Ikev1Connection? connection = null) => notify switch
    {
        Ikev1NotifyType.AuthenticationFailed or Ikev1NotifyType.InvalidIdInformation or Ikev1NotifyType.InvalidCertificate
            or Ikev1NotifyType.InvalidSignature or Ikev1NotifyType.CertificateUnavailable or Ikev1NotifyType.InvalidCertAuthority
            when connection is { Authentication: Authentication.AuthenticationClass.PublicKey }
            => $"the peer rejected our authentication as {connection.LocalIdentity} (certificate {connection.LocalCertificate}): check that it trusts "
                + "our CA (and what its CRLs say), that our ID is the certificate's subject or one of its subjectAltNames, and that it expects that ID",
        Ikev1NotifyType.NoProposalChosen => "the peer accepts none of our proposals: compare the proposal lists (and PFS groups) on both sides",
        Ikev1NotifyType.AuthenticationFailed => "the peer could not verify us: check the pre-shared key and the identities on both sides",
        Ikev1NotifyType.InvalidIdInformation => "the peer refuses our identity or traffic selectors: compare local/remote IDs and subnets on both sides",
        Ikev1NotifyType.PayloadMalformed => "the peer could not decode our message: often a pre-shared key mismatch (it cannot decrypt), else an interop bug",
        Ikev1NotifyType.InvalidKeyInformation => "the peer refuses our DH value: check the DH groups",
        _ => "see the peer's log",
    };
}
