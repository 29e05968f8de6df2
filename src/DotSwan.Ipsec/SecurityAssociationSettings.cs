using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Replay;

namespace DotSwan.Ipsec;

/// <summary>
/// What an IKE engine negotiated for one direction of a Child SA, except the keys (those go straight into the
/// transforms, see <c>SecurityAssociation.TryCreate</c>). Configuration, not packet input: invalid values throw.
/// </summary>
public sealed record SecurityAssociationSettings
{
    private readonly int _replayWindowSize = ReplayWindow.DefaultSize;
    private readonly IpsecProtocol _protocol = IpsecProtocol.Esp;

    /// <summary>The SPI (chosen by the receiver of the SA's packets).</summary>
    public required uint Spi { get; init; }

    /// <summary>Inbound (we decapsulate) or outbound (we encapsulate).</summary>
    public required SaDirection Direction { get; init; }

    /// <summary>The outer source address (for inbound SAs: the peer's address).</summary>
    public required IPAddress Source { get; init; }

    /// <summary>The outer destination address (for inbound SAs: ours; it is part of the SAD key).</summary>
    public required IPAddress Destination { get; init; }

    /// <summary>The encryption transform (IANA id).</summary>
    public required EncryptionAlgorithm Encryption { get; init; }

    /// <summary>The Key Length attribute of the encryption transform in bits (0 when it has none).</summary>
    public int EncryptionKeyLengthBits { get; init; }

    /// <summary>The integrity transform; <see cref="IntegrityAlgorithm.None"/> with an AEAD.</summary>
    public IntegrityAlgorithm Integrity { get; init; }

    /// <summary>
    /// The security protocol: ESP (default) or AH. An AH SA sets <see cref="Encryption"/> to
    /// <see cref="EncryptionAlgorithm.Null"/> (AH does not encrypt), <see cref="Integrity"/> to its integrity algorithm,
    /// and cannot be UDP-encapsulated (RFC 3948 carries ESP only).
    /// </summary>
    public IpsecProtocol Protocol
    {
        get => _protocol;
        init
        {
            if (value is not (IpsecProtocol.Esp or IpsecProtocol.Ah))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "ESP or AH");
            }

            _protocol = value;
        }
    }

    /// <summary>Tunnel (default) or transport mode.</summary>
    public IpsecMode Mode { get; init; } = IpsecMode.Tunnel;

    /// <summary>The UDP ports when ESP is encapsulated in UDP (RFC 3948, NAT traversal); null for plain ESP.</summary>
    public UdpEncapsulationPorts? UdpEncapsulation { get; init; }

    /// <summary>Whether 64-bit extended sequence numbers were negotiated (RFC 4304, IKEv2 ESN transform 1).</summary>
    public bool ExtendedSequenceNumbers { get; init; }

    /// <summary>The anti-replay window of an inbound SA: 1 to 4096 packets, default 64.</summary>
    public int ReplayWindowSize
    {
        get => _replayWindowSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ReplayWindow.MaxSize);
            _replayWindowSize = value;
        }
    }

    /// <summary>Soft and hard lifetimes; <see cref="SaLifetimes.Default"/> unless set.</summary>
    public SaLifetimes Lifetimes { get; init; } = SaLifetimes.Default;

    /// <summary>Why these settings cannot make an SA (the properties are set independently, so this checks them together); null when fine.</summary>
    public string? Problem => Protocol == IpsecProtocol.Ah
        ? Encryption != EncryptionAlgorithm.Null ? $"AH does not encrypt: set Encryption to Null, not {Encryption}"
        : Integrity == IntegrityAlgorithm.None ? "AH needs an integrity algorithm"
        : UdpEncapsulation.HasValue ? "AH cannot be encapsulated in UDP (RFC 3948 carries ESP only)"
        : null
        : null;

    /// <inheritdoc />
    public override string ToString()
        => $"{Direction} {Protocol} SPI 0x{Spi:x8} {Source} -> {Destination} {Mode}{(UdpEncapsulation is { } udp ? $" UDP {udp.SourcePort}->{udp.DestinationPort}" : "")} {Encryption}/{EncryptionKeyLengthBits} {Integrity}{(ExtendedSequenceNumbers ? " ESN" : "")}";
}
