namespace DotSwan.Wire.Ikev1;

/// <summary>
/// How strictly ISAKMP bytes are decoded, and the bounds that keep a hostile message from costing unbounded memory.
/// </summary>
public sealed class IsakmpDecodeOptions
{
    /// <summary>The lenient defaults: reserved fields ignored, trailing datagram bytes tolerated, all counts bounded at 64.</summary>
    public static IsakmpDecodeOptions Default { get; } = new();

    /// <summary>When true, non-zero reserved bits (header flags, payload headers, transforms, NAT-OA, Attribute payload) give <see cref="DecodeErrorReason.ReservedBitsSet"/>.</summary>
    public bool Strict { get; init; }

    /// <summary>
    /// When true, a datagram longer than the header's Length field gives <see cref="DecodeErrorReason.TrailingBytes"/>.
    /// By default the extra bytes are ignored, as strongSwan and libreswan do: the header Length is authoritative.
    /// </summary>
    public bool RejectTrailingDatagramBytes { get; init; }

    /// <summary>Most payloads in one chain.</summary>
    public int MaxPayloads { get; init; } = 64;

    /// <summary>Most proposals in one SA payload.</summary>
    public int MaxProposals { get; init; } = 64;

    /// <summary>Most transforms in one proposal.</summary>
    public int MaxTransforms { get; init; } = 64;

    /// <summary>Most attributes in one transform or Attribute payload.</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>Most SPIs in one Delete payload.</summary>
    public int MaxDeleteSpis { get; init; } = 64;
}
