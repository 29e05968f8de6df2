using DotSwan.Ipsec.Esp;

namespace DotSwan.Ipsec;

/// <summary>
/// Packet, byte and drop counters of one SA. The data path updates them; any thread may read them at any time
/// (each value is read atomically; a set of values read one after the other is not a snapshot).
/// </summary>
public sealed class SaCounters
{
    private static readonly int ReasonCount = Enum.GetValues<EspStatus>().Length;

    private readonly long[] _drops = new long[ReasonCount];
    private long _packets;
    private long _bytes;

    /// <summary>Packets processed successfully.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Payload bytes processed successfully (inner packets in tunnel mode).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Packets dropped or refused, all reasons together.</summary>
    public long TotalDrops
    {
        get
        {
            long total = 0;
            for (int i = 1; i < _drops.Length; i++)
            {
                total += Interlocked.Read(ref _drops[i]);
            }

            return total;
        }
    }

    /// <summary>Packets dropped or refused for <paramref name="reason"/> (0 for <see cref="EspStatus.Ok"/>).</summary>
    public long Drops(EspStatus reason)
    {
        int index = (int)reason;
        return index > 0 && index < _drops.Length ? Interlocked.Read(ref _drops[index]) : 0;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Packets} packets, {Bytes} bytes, {TotalDrops} dropped";

    internal void AddPacket(int payloadLength)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, payloadLength);
    }

    internal EspStatus AddDrop(EspStatus reason)
    {
        int index = (int)reason;
        if (index > 0 && index < _drops.Length)
        {
            Interlocked.Increment(ref _drops[index]);
        }

        return reason;
    }
}
