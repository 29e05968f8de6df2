namespace DotSwan.TestSupport.Lab;

/// <summary>The outcome of one bounded iperf3 TCP run (<see cref="Iperf3.RunTcp"/>), from the client's JSON report.</summary>
/// <param name="SentBytes">Bytes the client sent (end.sum_sent.bytes).</param>
/// <param name="ReceivedBytes">Bytes the server received (end.sum_received.bytes).</param>
/// <param name="ReceivedBitsPerSecond">The server's receive rate: for the test output only, never for assertions.</param>
/// <param name="Retransmits">TCP retransmits the client saw (-1 when not reported).</param>
public sealed record Iperf3Result(long SentBytes, long ReceivedBytes, double ReceivedBitsPerSecond, long Retransmits)
{
    /// <summary>One line for the test output.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"iperf3 TCP: sent {SentBytes} B, received {ReceivedBytes} B ({ReceivedBitsPerSecond / 1e6:F1} Mbit/s), retransmits {Retransmits}");
}
