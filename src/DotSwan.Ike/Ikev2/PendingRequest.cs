namespace DotSwan.Ike.Ikev2;

/// <summary>Our one outstanding request (window size 1) and its retransmission state.</summary>
internal sealed class PendingRequest
{
    public PendingRequest(uint messageId, byte[] datagram, DateTimeOffset deadline)
    {
        MessageId = messageId;
        Datagram = datagram;
        Deadline = deadline;
    }

    public uint MessageId { get; }

    public byte[] Datagram { get; }

    /// <summary>The SKF fragments sent instead of <see cref="Datagram"/> (RFC 7383), or null when it went whole.</summary>
    public IReadOnlyList<byte[]>? Fragments { get; init; }

    public int Retransmits { get; set; }

    public DateTimeOffset Deadline { get; set; }
}
