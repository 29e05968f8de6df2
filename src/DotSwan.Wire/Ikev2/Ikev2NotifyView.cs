using System.Buffers.Binary;

namespace DotSwan.Wire.Ikev2;

/// <summary>The fields of a validated Notify payload body, read in place.</summary>
public readonly ref struct Ikev2NotifyView
{
    private readonly ReadOnlySpan<byte> _body;

    /// <summary>Wraps a Notify body that <see cref="Ikev2MessageView"/> validated.</summary>
    public Ikev2NotifyView(ReadOnlySpan<byte> body) => _body = body;

    /// <summary>Protocol ID.</summary>
    public ProtocolId ProtocolId => (ProtocolId)_body[0];

    /// <summary>Notify message type.</summary>
    public NotifyType NotifyType => (NotifyType)BinaryPrimitives.ReadUInt16BigEndian(_body[2..]);

    /// <summary>The SPI (may be empty).</summary>
    public ReadOnlySpan<byte> Spi => _body.Slice(4, _body[1]);

    /// <summary>Notification data.</summary>
    public ReadOnlySpan<byte> Data => _body[(4 + _body[1])..];
}
