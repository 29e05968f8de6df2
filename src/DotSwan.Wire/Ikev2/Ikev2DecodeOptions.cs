namespace DotSwan.Wire.Ikev2;

/// <summary>Decoding policy: strictness about reserved fields and the bounds that keep memory use fixed.</summary>
public sealed record Ikev2DecodeOptions
{
    /// <summary>The default: reserved fields ignored (as RFC 7296 asks of receivers), 64 of everything.</summary>
    public static Ikev2DecodeOptions Default { get; } = new();

    /// <summary>Strict decoding reports non-zero reserved bits and bytes as <see cref="DecodeErrorReason.ReservedBitsSet"/>.</summary>
    public bool Strict { get; init; }

    /// <summary>Most payloads accepted in one chain.</summary>
    public int MaxPayloads { get; init; } = 64;

    /// <summary>Most proposals accepted in one SA payload.</summary>
    public int MaxProposals { get; init; } = 64;

    /// <summary>Most transforms accepted in one proposal.</summary>
    public int MaxTransforms { get; init; } = 64;

    /// <summary>Most attributes accepted in one transform or one configuration payload, and most selectors in one TS payload.</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>Most SPIs accepted in one Delete payload.</summary>
    public int MaxDeleteSpis { get; init; } = 1024;
}
