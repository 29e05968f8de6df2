namespace DotSwan.Ike.Engine;

/// <summary>Names an IKE SA by its SPI pair (the responder SPI is 0 until IKE_SA_INIT completes).</summary>
/// <param name="InitiatorSpi">The original initiator's SPI.</param>
/// <param name="ResponderSpi">The original responder's SPI.</param>
public readonly record struct IkeSaId(ulong InitiatorSpi, ulong ResponderSpi)
{
    /// <inheritdoc />
    public override string ToString() => $"{InitiatorSpi:x16}_i {ResponderSpi:x16}_r";
}
