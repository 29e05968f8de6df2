namespace DotSwan.Ipsec.Manual;

/// <summary>
/// One statically keyed SA as a user writes it (ip-xfrm / strongSwan style): SPI, direction, outer addresses, an algorithm
/// suite such as "aes128gcm16" or "aes256-sha256", and hex keys ("0x…" or bare hex; AEAD and CTR keys include the salt).
/// Validated by <see cref="ManualKeying.TryBuild"/>.
/// </summary>
public sealed record ManualSa
{
    /// <summary>The SPI (256 and up; 1–255 are reserved, RFC 4303 §2.1).</summary>
    public required uint Spi { get; init; }

    /// <summary>Inbound or outbound.</summary>
    public required SaDirection Direction { get; init; }

    /// <summary>The outer source address.</summary>
    public required string Source { get; init; }

    /// <summary>The outer destination address.</summary>
    public required string Destination { get; init; }

    /// <summary>The algorithm suite, e.g. "aes128gcm16", "chacha20poly1305", "aes256-sha256"; for AH the integrity algorithm alone, e.g. "sha256".</summary>
    public required string Algorithms { get; init; }

    /// <summary>The encryption key in hex (with the 4-byte salt for GCM, ChaCha20-Poly1305 and CTR, 3 bytes for CCM); empty for AH.</summary>
    public required string EncryptionKey { get; init; }

    /// <summary>The integrity key in hex; empty or null with an AEAD.</summary>
    public string? IntegrityKey { get; init; }

    /// <summary>The request id linking the SA to its policies.</summary>
    public uint ReqId { get; init; } = 1;

    /// <summary>ESP (default) or AH (RFC 4302: integrity only, no UDP encapsulation).</summary>
    public IpsecProtocol Protocol { get; init; } = IpsecProtocol.Esp;

    /// <summary>Tunnel (default) or transport mode.</summary>
    public IpsecMode Mode { get; init; } = IpsecMode.Tunnel;

    /// <summary>UDP encapsulation ports (NAT-T), or null for plain ESP.</summary>
    public UdpEncapsulationPorts? UdpEncapsulation { get; init; }

    /// <summary>Extended sequence numbers.</summary>
    public bool ExtendedSequenceNumbers { get; init; }

    /// <summary>The anti-replay window of an inbound SA (1–4096).</summary>
    public int ReplayWindowSize { get; init; } = Replay.ReplayWindow.DefaultSize;

    /// <summary>Never prints keys.</summary>
    public override string ToString() => $"manual {Direction} {Protocol} SA 0x{Spi:x8} {Source} -> {Destination} {Algorithms}";
}
