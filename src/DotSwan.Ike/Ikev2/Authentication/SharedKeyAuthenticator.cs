using DotSwan.Crypto;
using DotSwan.Crypto.Kdf;
using DotSwan.Ike.Authentication;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2.Authentication;

/// <summary>AUTH method 2, Shared Key Message Integrity Code (RFC 7296 §2.15): prf(prf(PSK, "Key Pad for IKEv2"), octets).</summary>
internal sealed class SharedKeyAuthenticator(SecretBytes preSharedKey)
{
    public bool TryCreate(AuthOctetsInput input, IdentificationPayload ourId, out AuthenticationPayload? auth, out string reason)
    {
        auth = null;
        if (!AuthOctets.TryBuild(input, ourId, out var octets, out reason)) { return false; }
        var data = new byte[input.Prf.OutputLength];
        if (!Ikev2SharedKeyAuth.TryCompute(input.Prf, preSharedKey.ReadOnlySpan, octets, data, out var error))
        {
            reason = $"AUTH computation: {error.Detail}";
            return false;
        }

        auth = new AuthenticationPayload(AuthMethod.SharedKeyMessageIntegrityCode, data);
        return true;
    }

    /// <summary>Checks the peer's AUTH (constant-time compare); <paramref name="reason"/> says what to fix.</summary>
    public bool Verify(AuthOctetsInput input, IdentificationPayload peerId, AuthenticationPayload auth, string peer, out string reason)
    {
        if (auth.Method != AuthMethod.SharedKeyMessageIntegrityCode)
        {
            reason = $"peer {peer} authenticates with AUTH method {auth.Method}; this connection expects a pre-shared key";
            return false;
        }

        if (!AuthOctets.TryBuild(input, peerId, out var octets, out reason)) { return false; }
        if (!Ikev2SharedKeyAuth.Verify(input.Prf, preSharedKey.ReadOnlySpan, octets, auth.Data.Span))
        {
            reason = $"PSK mismatch: the AUTH payload of {peer} does not verify with the configured pre-shared key";
            return false;
        }

        return true;
    }
}
