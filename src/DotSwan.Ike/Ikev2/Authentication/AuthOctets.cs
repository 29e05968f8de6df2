using DotSwan.Crypto.Kdf;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2.Authentication;

/// <summary>Builds the octets an AUTH payload signs or MACs (RFC 7296 §2.15) through <see cref="Ikev2SignedOctets"/>.</summary>
internal static class AuthOctets
{
    public static bool TryBuild(AuthOctetsInput input, IdentificationPayload id, out byte[] octets, out string reason)
    {
        octets = [];
        if (!Ikev2SignedOctets.TryGetLength(input.Prf, input.RealMessage.Length, input.PeerNonce.Length, 0, out int length, out var error))
        {
            reason = $"signed octets: {error.Detail}";
            return false;
        }

        var buffer = new byte[length];
        if (!Ikev2SignedOctets.TryBuild(input.Prf, input.RealMessage, input.PeerNonce, input.SkP.ReadOnlySpan, RestOfIdPayload(id), [], buffer, out _, out error))
        {
            reason = $"signed octets: {error.Detail}";
            return false;
        }

        octets = buffer;
        reason = "";
        return true;
    }

    /// <summary>RestOfIDPayload (RFC 7296 §2.15): ID Type, three reserved octets, identification data.</summary>
    private static byte[] RestOfIdPayload(IdentificationPayload id)
    {
        var body = new byte[4 + id.Data.Length];
        body[0] = (byte)id.IdType;
        id.Data.Span.CopyTo(body.AsSpan(4));
        return body;
    }
}
