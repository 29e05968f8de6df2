namespace DotSwan.Ipsec.Driver;

/// <summary>Something the data plane tells the IKE side: read them from <see cref="IIpsecDriver.Events"/>.</summary>
/// <param name="At">When it happened (the driver's clock).</param>
public abstract record IpsecEvent(DateTimeOffset At);
