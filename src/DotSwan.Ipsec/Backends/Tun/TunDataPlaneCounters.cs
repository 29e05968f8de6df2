using System.Text;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>Packets and bytes through the TUN data plane in each direction and drops by reason; any thread may read them.</summary>
public sealed class TunDataPlaneCounters
{
    private static readonly DataPlaneDropReason[] Reasons = Enum.GetValues<DataPlaneDropReason>();

    private readonly long[] _drops = new long[Reasons.Length];
    private long _outboundPackets;
    private long _outboundBytes;
    private long _inboundPackets;
    private long _inboundBytes;
    private long _superSegments;
    private long _coalescedWrites;
    private long _coalescedReceives;

    /// <summary>Inner packets read from TUN, encapsulated and sent.</summary>
    public long OutboundPackets => Interlocked.Read(ref _outboundPackets);

    /// <summary>Inner bytes of <see cref="OutboundPackets"/>.</summary>
    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    /// <summary>ESP packets received, decapsulated and written to TUN.</summary>
    public long InboundPackets => Interlocked.Read(ref _inboundPackets);

    /// <summary>Inner bytes of <see cref="InboundPackets"/>.</summary>
    public long InboundBytes => Interlocked.Read(ref _inboundBytes);

    /// <summary>TCP/UDP super-segments an offloading TUN device handed over (each split into <see cref="OutboundPackets"/>).</summary>
    public long SuperSegments => Interlocked.Read(ref _superSegments);

    /// <summary>Writes to an offloading TUN device that carried several joined TCP segments (GSO writes).</summary>
    public long CoalescedWrites => Interlocked.Read(ref _coalescedWrites);

    /// <summary>UDP receives that returned several ESP datagrams at once (UDP_GRO).</summary>
    public long CoalescedReceives => Interlocked.Read(ref _coalescedReceives);

    /// <summary>Drops for <paramref name="reason"/>.</summary>
    public long Drops(DataPlaneDropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>One line: "out P packets B bytes, in P packets B bytes, drops reason=n …" (only non-zero drops).</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append("out ").Append(OutboundPackets).Append(" packets ").Append(OutboundBytes).Append(" bytes, in ")
            .Append(InboundPackets).Append(" packets ").Append(InboundBytes).Append(" bytes, drops");
        bool any = false;
        foreach (var reason in Reasons)
        {
            long count = Drops(reason);
            if (count != 0)
            {
                text.Append(' ').Append(reason).Append('=').Append(count);
                any = true;
            }
        }

        return any ? text.ToString() : text.Append(" none").ToString();
    }

    internal void AddOutbound(int bytes)
    {
        Interlocked.Increment(ref _outboundPackets);
        Interlocked.Add(ref _outboundBytes, bytes);
    }

    internal void AddInbound(int bytes)
    {
        Interlocked.Increment(ref _inboundPackets);
        Interlocked.Add(ref _inboundBytes, bytes);
    }

    internal void AddInbound(int packets, long bytes)
    {
        Interlocked.Add(ref _inboundPackets, packets);
        Interlocked.Add(ref _inboundBytes, bytes);
    }

    internal void AddDrop(DataPlaneDropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    internal void AddDrop(DataPlaneDropReason reason, int count) => Interlocked.Add(ref _drops[(int)reason], count);

    internal void AddSuperSegment() => Interlocked.Increment(ref _superSegments);

    internal void AddCoalescedWrite() => Interlocked.Increment(ref _coalescedWrites);

    internal void AddCoalescedReceive() => Interlocked.Increment(ref _coalescedReceives);
}
