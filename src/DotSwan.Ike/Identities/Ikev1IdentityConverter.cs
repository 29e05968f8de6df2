using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Identities;

/// <summary>
/// Identities as IKEv1 phase 1 ID payloads (RFC 2407 §4.6.2). The ID type numbers are those of IKEv2 for every type an
/// identity can have (ID_USER_FQDN is RFC 822). Protocol and port default to 0, as strongSwan sends them (lab capture
/// ikev1: "Protocol ID: Unused, Port: Unused"); RFC 2407 also allows UDP/500.
/// </summary>
public static class Ikev1IdentityConverter
{
    /// <summary>The ID payload for a concrete identity.</summary>
    /// <exception cref="ArgumentException">For <c>%any</c>, which is a configuration pattern, not an identity.</exception>
    public static IdentificationPayload ToIdPayload(IkeIdentity identity, byte protocol = 0, ushort port = 0)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Type == IkeIdentityType.Any) { throw new ArgumentException("%any cannot be sent as an identity", nameof(identity)); }
        return new IdentificationPayload((IpsecDoiIdType)identity.Type, protocol, port, identity.Data);
    }

    /// <summary>Reads a peer's phase 1 ID payload; never throws.</summary>
    public static bool TryFromIdPayload(IdentificationPayload payload, out IkeIdentity? identity, out IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return IkeIdentity.TryFromPayload((byte)payload.IdType, payload.Data.Span, out identity, out error);
    }
}
