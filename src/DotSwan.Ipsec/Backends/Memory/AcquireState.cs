namespace DotSwan.Ipsec.Backends.Memory;

/// <summary>The acquire bookkeeping of one Protect policy: when the last acquire went out and the packets waiting.</summary>
internal sealed class AcquireState
{
    public DateTimeOffset? LastAcquire { get; set; }

    public Queue<QueuedPacket> Packets { get; } = new();

    public int Bytes { get; set; }

    public QueuedPacket Dequeue()
    {
        var packet = Packets.Dequeue();
        Bytes -= packet.Packet.Length;
        return packet;
    }
}
