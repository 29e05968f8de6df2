namespace DotSwan.Wire.Ikev1;

/// <summary>Maps ISAKMP decoding failures to the notify a responder sends back (RFC 2408 §5).</summary>
public static class Ikev1DecodeErrorExtensions
{
    /// <summary>The ISAKMP notify type that reports <paramref name="error"/> to the peer.</summary>
    public static Ikev1NotifyType ToIsakmpNotifyType(this DecodeError error)
    {
        if (error.Reason == DecodeErrorReason.UnknownCriticalPayload)
        {
            return Ikev1NotifyType.InvalidPayloadType;
        }
        return (IsakmpPayloadType)error.PayloadType switch
        {
            IsakmpPayloadType.None => error.Reason switch
            {
                DecodeErrorReason.InvalidValue => Ikev1NotifyType.InvalidMajorVersion,
                DecodeErrorReason.ReservedBitsSet => Ikev1NotifyType.InvalidFlags,
                DecodeErrorReason.Truncated or DecodeErrorReason.BadLength or DecodeErrorReason.TrailingBytes => Ikev1NotifyType.UnequalPayloadLengths,
                _ => Ikev1NotifyType.PayloadMalformed,
            },
            IsakmpPayloadType.SecurityAssociation when error.Detail == SecurityAssociationPayload.UnsupportedSituationDetail
                => Ikev1NotifyType.SituationNotSupported,
            IsakmpPayloadType.Proposal or IsakmpPayloadType.Transform => Ikev1NotifyType.BadProposalSyntax,
            IsakmpPayloadType.SecurityAssociation when error.Reason == DecodeErrorReason.InvalidValue => Ikev1NotifyType.BadProposalSyntax,
            IsakmpPayloadType.Identification when error.Reason == DecodeErrorReason.InvalidValue => Ikev1NotifyType.InvalidIdInformation,
            IsakmpPayloadType.Certificate when error.Reason == DecodeErrorReason.InvalidValue => Ikev1NotifyType.InvalidCertEncoding,
            IsakmpPayloadType.Notification or IsakmpPayloadType.Delete when error.Reason == DecodeErrorReason.InvalidValue => Ikev1NotifyType.InvalidSpi,
            _ => Ikev1NotifyType.PayloadMalformed,
        };
    }
}
