using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Reassembles the SKF fragments of one message direction of an IKE SA (requests from the peer, or responses to us;
/// RFC 7383 §2.6). Every fragment is authenticated and decrypted before it is kept; duplicates are dropped; a fragment
/// announcing more fragments than the stored ones restarts reassembly, one announcing fewer is dropped. Memory is
/// bounded by the settings (fragment count, total plaintext size) and stale fragments expire. Never throws on input.
/// </summary>
internal sealed class FragmentReassembler(FragmentationSettings settings)
{
    private byte[]?[] _chunks = [];
    private uint _messageId;
    private int _received;
    private int _bytes;
    private Ikev2PayloadType _firstInner;
    private DateTimeOffset _startedAt;

    /// <summary>Whether fragments of a message are waiting.</summary>
    public bool InProgress => _received > 0;

    /// <summary>Plaintext bytes held.</summary>
    public int BufferedBytes => _bytes;

    /// <summary>Fragments held.</summary>
    public int BufferedFragments => _received;

    /// <summary>
    /// Adds the fragment in <paramref name="message"/> (decoded from <paramref name="datagram"/>). Returns
    /// <see cref="FragmentResult.Complete"/> with the decoded inner payloads when it was the last missing one.
    /// </summary>
    public FragmentResult Add(byte[] datagram, Ikev2Message message, IkeSaProtection protection, DateTimeOffset now,
        out IReadOnlyList<Ikev2Payload> inner)
    {
        inner = [];
        if (message.Payloads is not [.., EncryptedFragmentPayload skf] || skf.FragmentNumber == 0 || skf.FragmentNumber > skf.TotalFragments)
        {
            return FragmentResult.Rejected;
        }
        Expire(now);
        if (skf.TotalFragments > settings.MaxFragments) { return FragmentResult.Rejected; }
        uint messageId = message.Header.MessageId;
        if (_received > 0 && messageId != _messageId)
        {
            // Window size 1: fragments of another message mean the earlier one was abandoned.
            Reset();
        }
        if (_received > 0 && skf.TotalFragments < _chunks.Length) { return FragmentResult.Rejected; }
        bool relayout = _received > 0 && skf.TotalFragments > _chunks.Length;
        if (_received > 0 && !relayout && _chunks[skf.FragmentNumber - 1] is not null) { return FragmentResult.Duplicate; }
        if (!protection.TryOpenFragment(datagram, message, out var chunk, out _)) { return FragmentResult.Unauthenticated; }
        if (relayout)
        {
            // The sender re-fragmented with a smaller size (RFC 7383 §2.6.2): start over with the new layout.
            Reset();
        }
        if (_received == 0)
        {
            _chunks = new byte[skf.TotalFragments][];
            _messageId = messageId;
            _startedAt = now;
        }
        if (_bytes + chunk.Length > settings.MaxMessageSize)
        {
            Reset();
            return FragmentResult.Rejected;
        }
        _chunks[skf.FragmentNumber - 1] = chunk;
        _received++;
        _bytes += chunk.Length;
        if (skf.FragmentNumber == 1) { _firstInner = skf.FirstInnerPayload; }
        if (_received < _chunks.Length) { return FragmentResult.Incomplete; }
        var chain = new byte[_bytes];
        int offset = 0;
        foreach (var piece in _chunks)
        {
            piece!.CopyTo(chain, offset);
            offset += piece.Length;
        }
        var first = _firstInner;
        Reset();
        return Ikev2PayloadChain.TryDecode(first, chain, Ikev2Header.Size, out inner, out _) ? FragmentResult.Complete : FragmentResult.Rejected;
    }

    /// <summary>Drops fragments older than the reassembly timeout.</summary>
    public void Expire(DateTimeOffset now)
    {
        if (_received > 0 && now - _startedAt >= settings.EffectiveReassemblyTimeout) { Reset(); }
    }

    /// <summary>Drops whatever is held.</summary>
    public void Reset()
    {
        _chunks = [];
        _received = 0;
        _bytes = 0;
        _firstInner = Ikev2PayloadType.None;
    }
}
