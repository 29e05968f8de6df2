namespace DotSwan.Ipsec.Lifetimes;

/// <summary>An SA reached a soft lifetime (rekey) or a hard one (delete). Each kind is reported once per SA.</summary>
/// <param name="SecurityAssociation">The SA that expired.</param>
/// <param name="Kind">Soft (rekey) or hard (delete).</param>
/// <param name="Trigger">The limit that was reached.</param>
public sealed record SaExpiryEvent(SecurityAssociation SecurityAssociation, SaExpiryKind Kind, SaExpiryTrigger Trigger)
{
    /// <summary>The SPI of the expired SA.</summary>
    public uint Spi => SecurityAssociation.Spi;

    /// <summary>The direction of the expired SA.</summary>
    public SaDirection Direction => SecurityAssociation.Direction;

    /// <inheritdoc />
    public override string ToString() => $"{Direction} SA 0x{Spi:x8}: {Kind} lifetime reached by {Trigger}";
}
