namespace DotSwan.Ipsec.Lifetimes;

/// <summary>Which limit an SA reached.</summary>
public enum SaExpiryTrigger
{
    /// <summary>The byte limit.</summary>
    Bytes,
    /// <summary>The packet limit.</summary>
    Packets,
    /// <summary>The time limit.</summary>
    Time,
    /// <summary>The outbound sequence number space ran out (RFC 4303 §3.3.3): always hard.</summary>
    SequenceNumbers,
}
