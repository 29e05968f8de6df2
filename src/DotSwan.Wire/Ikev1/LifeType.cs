namespace DotSwan.Wire.Ikev1;

/// <summary>Life types of phase 1 (RFC 2409 App. A) and IPsec SA attributes (RFC 2407 §4.5); the numbers agree.</summary>
public enum LifeType : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>Duration in seconds.</summary>
    Seconds = 1,

    /// <summary>Duration in kilobytes.</summary>
    Kilobytes = 2,
}
