using DotSwan.Crypto;
using DotSwan.Crypto.Kdf;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Ike.TrafficSelectors;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>The state of one Quick Mode (RFC 2409 §5.5) over an ISAKMP SA, either role, keyed by its message ID.</summary>
internal sealed class QuickModeExchange(uint messageId, bool isInitiator, Ikev1IvState iv, RetransmissionSettings retransmission) : IDisposable
{
    public uint MessageId { get; } = messageId;

    public bool IsInitiator { get; } = isInitiator;

    public Ikev1IvState Iv { get; } = iv;

    public Ikev1Retransmission Messages { get; } = new(retransmission);

    public QuickModeState State { get; set; }

    public byte[] Ni { get; set; } = [];

    public byte[] Nr { get; set; } = [];

    public IKeyExchange? Dh { get; set; }

    public SecretBytes? PfsSecret { get; set; }

    public uint InboundSpi { get; set; }

    public uint OutboundSpi { get; set; }

    public IReadOnlyList<Ikev1QuickModeTransform> Offered { get; set; } = [];

    public Ikev1QuickModeTransform? Chosen { get; set; }

    public ulong LifeKilobytes { get; set; }

    public required TrafficSelector LocalTrafficSelector { get; set; }

    public required TrafficSelector RemoteTrafficSelector { get; set; }

    /// <summary>The ID payloads of message 1 (null when the initiator sent none: the SA is then between the IKE addresses).</summary>
    public IdentificationPayload? IdCi { get; set; }

    public IdentificationPayload? IdCr { get; set; }

    public Ikev1ChildSa? Replaces { get; set; }

    public DateTimeOffset? LingerUntil { get; set; }

    public void Dispose()
    {
        Dh?.Dispose();
        PfsSecret?.Dispose();
    }
}
