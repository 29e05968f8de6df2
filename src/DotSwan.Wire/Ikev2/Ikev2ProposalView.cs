namespace DotSwan.Wire.Ikev2;

/// <summary>One proposal substructure, read in place.</summary>
public readonly ref struct Ikev2ProposalView
{
    private readonly ReadOnlySpan<byte> _bytes;

    internal Ikev2ProposalView(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Proposal number.</summary>
    public byte Number => _bytes[4];

    /// <summary>Protocol ID.</summary>
    public ProtocolId ProtocolId => (ProtocolId)_bytes[5];

    /// <summary>The SPI.</summary>
    public ReadOnlySpan<byte> Spi => _bytes.Slice(8, _bytes[6]);

    /// <summary>Number of transforms.</summary>
    public int TransformCount => _bytes[7];

    /// <summary>The transforms.</summary>
    public Ikev2TransformEnumerator Transforms => new(_bytes[(8 + _bytes[6])..]);
}
