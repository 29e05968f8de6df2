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

    public int Retransmits { get; set; }

    public DateTimeOffset Deadline { get; set; }
}
