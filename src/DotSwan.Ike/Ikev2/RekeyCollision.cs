namespace DotSwan.Ike.Ikev2;

/// <summary>
/// A simultaneous rekey (RFC 7296 §2.8.1, §2.8.2): the peer's rekey exchange that we answered while ours of the same SA
/// was outstanding, with its nonces and the SA it created. Once our own exchange completes, the exchange holding the
/// lowest of the four nonces made the redundant SA, and its initiator deletes it.
/// </summary>
/// <param name="PeerNonce">Ni of the peer's exchange.</param>
/// <param name="OurNonce">Nr we answered it with.</param>
/// <param name="NewChildSa">The Child SA the peer's exchange created (Child SA rekeys).</param>
/// <param name="NewIkeSa">The IKE SA the peer's exchange created (IKE SA rekeys).</param>
internal sealed record RekeyCollision(byte[] PeerNonce, byte[] OurNonce, ChildSa? NewChildSa, IkeSa? NewIkeSa)
{
    /// <summary>
    /// Whether our exchange (nonces <paramref name="ourNi"/>, <paramref name="peerNr"/>) holds the lowest of the four
    /// nonces, so that the SA it created is the redundant one we must delete. Nonces compare as unsigned byte strings.
    /// </summary>
    public bool OurExchangeIsRedundant(ReadOnlySpan<byte> ourNi, ReadOnlySpan<byte> peerNr)
    {
        var ourLowest = Lower(ourNi, peerNr);
        var theirLowest = Lower(PeerNonce, OurNonce);
        return ourLowest.SequenceCompareTo(theirLowest) < 0;
    }

    private static ReadOnlySpan<byte> Lower(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b) <= 0 ? a : b;
}
