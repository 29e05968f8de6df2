namespace DotSwan.Ike.Engine;

/// <summary>IPsec encapsulation mode of a Child SA.</summary>
public enum ChildSaMode
{
    /// <summary>Tunnel mode (the default, RFC 4301).</summary>
    Tunnel = 0,

    /// <summary>Transport mode (negotiated with USE_TRANSPORT_MODE).</summary>
    Transport = 1,
}
