namespace DotSwan.Crypto.Kdf;

/// <summary>
/// The octets an IKEv2 AUTH payload signs or MACs (RFC 7296 §2.15):
/// InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI with MACedIDForI = prf(SK_pi, RestOfInitIDPayload),
/// and the responder's mirror RealMessage2 | NonceIData | prf(SK_pr, RestOfRespIDPayload).
/// RFC 9242 (IKE_INTERMEDIATE) appends the IntAuth chunk, which the caller passes ready-made.
/// </summary>
public static class Ikev2SignedOctets
{
    /// <summary>
    /// The length of the signed octets: message + nonce + PRF output + IntAuth; fails when the sum is out of range.
    /// </summary>
    public static bool TryGetLength(IPrf prf, int realMessageLength, int peerNonceLength, int intAuthLength, out int length, out CryptoError error)
    {
        length = 0;
        return KdfLength.CheckPrf(prf, out error)
            && KdfLength.TrySum(out length, out error, realMessageLength, peerNonceLength, prf.OutputLength, intAuthLength);
    }

    /// <summary>
    /// Writes RealMessage | Nonce(peer) | prf(SK_p, RestOfIDPayload) | IntAuth into <paramref name="destination"/>.
    /// </summary>
    /// <param name="prf">The IKE SA's PRF.</param>
    /// <param name="realMessage">The first message this side sent (IKE_SA_INIT request for the initiator, response for the responder), as on the wire.</param>
    /// <param name="peerNonce">The peer's nonce data (Nr for the initiator, Ni for the responder), without payload header.</param>
    /// <param name="skP">SK_pi for the initiator's octets, SK_pr for the responder's.</param>
    /// <param name="restOfIdPayload">The ID payload body after the generic header: ID type, three reserved octets, identification data.</param>
    /// <param name="intAuth">RFC 9242 IntAuth, or empty when no IKE_INTERMEDIATE exchange took place.</param>
    /// <param name="destination">Receives the octets; must hold the length <see cref="TryGetLength"/> reports.</param>
    /// <param name="written">Bytes written.</param>
    /// <param name="error">Why it failed.</param>
    public static bool TryBuild(IPrf prf, ReadOnlySpan<byte> realMessage, ReadOnlySpan<byte> peerNonce, ReadOnlySpan<byte> skP,
        ReadOnlySpan<byte> restOfIdPayload, ReadOnlySpan<byte> intAuth, Span<byte> destination, out int written, out CryptoError error)
    {
        written = 0;
        if (!TryGetLength(prf, realMessage.Length, peerNonce.Length, intAuth.Length, out int length, out error))
        {
            return false;
        }

        if (destination.Length < length)
        {
            error = new CryptoError(CryptoErrorKind.InvalidLength, $"signed octets need {length} bytes, destination has {destination.Length}");
            return false;
        }

        realMessage.CopyTo(destination);
        peerNonce.CopyTo(destination[realMessage.Length..]);
        int macedIdAt = realMessage.Length + peerNonce.Length;
        prf.Compute(skP, restOfIdPayload, destination.Slice(macedIdAt, prf.OutputLength));
        intAuth.CopyTo(destination[(macedIdAt + prf.OutputLength)..]);
        written = length;
        return true;
    }
}
