using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.Ike.Engine;

/// <summary>Install both directions of a negotiated ESP Child SA and its policies.</summary>
/// <param name="IkeSa">The IKE SA that negotiated it.</param>
/// <param name="Local">Our IKE endpoint (the tunnel's local end).</param>
/// <param name="Remote">The peer's IKE endpoint (the tunnel's remote end).</param>
/// <param name="Mode">Tunnel or transport.</param>
/// <param name="Encryption">The encryption transform (AEAD or cipher) and its key length in bits.</param>
/// <param name="Integrity">The integrity transform, or null with an AEAD.</param>
/// <param name="ExtendedSequenceNumbers">Whether 64-bit sequence numbers were negotiated.</param>
/// <param name="Inbound">What we receive: our SPI, keys of the peer's sending direction.</param>
/// <param name="Outbound">What we send: the peer's SPI, keys of our sending direction.</param>
/// <param name="LocalTrafficSelectors">Our side of the negotiated traffic selectors.</param>
/// <param name="RemoteTrafficSelectors">The peer's side.</param>
/// <param name="Suite">The negotiated ESP suite as a proposal string source.</param>
public sealed record InstallChildSa(
    IkeSaId IkeSa,
    IPEndPoint Local,
    IPEndPoint Remote,
    ChildSaMode Mode,
    EncryptionTransform Encryption,
    IntegrityAlgorithm? Integrity,
    bool ExtendedSequenceNumbers,
    ChildSaDirectionKeys Inbound,
    ChildSaDirectionKeys Outbound,
    IReadOnlyList<TrafficSelector> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelector> RemoteTrafficSelectors,
    CryptoSuite Suite) : EngineOutput
{
    /// <summary>
    /// The UDP encapsulation of the ESP packets (RFC 3948) when NAT traversal is in use (a NAT was detected or
    /// encapsulation is forced), or null for plain ESP. Its ports are those of <see cref="Local"/> and <see cref="Remote"/>.
    /// </summary>
    public UdpEncapsulation? UdpEncapsulation { get; init; }

    /// <summary>ESP (default) or AH (then <see cref="Encryption"/> is NULL with no key and the keys carry only integrity keys).</summary>
    public ProposalProtocol Protocol { get; init; } = ProposalProtocol.Esp;

    /// <summary>The name of the configured child it was negotiated for (IKEv2), or empty.</summary>
    public string Child { get; init; } = "";
}
