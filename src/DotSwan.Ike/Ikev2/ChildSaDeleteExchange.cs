using System.Buffers.Binary;
using DotSwan.Ike.Engine;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// INFORMATIONAL exchanges that delete Child SAs (RFC 7296 §1.4.1): ours, with a Delete payload naming our inbound SPI,
/// and the peer's, answered with the SPIs of the pairs we remove. A Child SA we are deleting ourselves is removed but
/// not named in the answer (simultaneous deletes).
/// </summary>
internal sealed class ChildSaDeleteExchange : IIkeSaExchange
{
    private readonly uint _inboundSpi;

    private ChildSaDeleteExchange(uint inboundSpi) => _inboundSpi = inboundSpi;

    public Ikev2ExchangeType ExchangeType => Ikev2ExchangeType.Informational;

    /// <summary>Deletes <paramref name="child"/> (kept installed until the answer). False when it is gone or already being deleted.</summary>
    public static bool Start(IkeSa sa, ChildSa child, List<EngineOutput> outputs)
    {
        if (!sa.Children.Contains(child) || child.State == ChildSaState.Deleting) { return false; }
        child.State = ChildSaState.Deleting;
        return Send(sa, child.InboundSpi, outputs);
    }

    /// <summary>Tells the peer about a Child SA we already removed locally (hard expiry).</summary>
    public static bool StartForSpi(IkeSa sa, uint inboundSpi, List<EngineOutput> outputs) => Send(sa, inboundSpi, outputs);

    private static bool Send(IkeSa sa, uint inboundSpi, List<EngineOutput> outputs)
    {
        var spi = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(spi, inboundSpi);
        sa.SendExchangeRequest(new ChildSaDeleteExchange(inboundSpi), [new DeletePayload(ProtocolId.Esp, 4, [spi])], outputs);
        return true;
    }

    public void OnResponse(IkeSa sa, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs)
    {
        // Whether or not the peer named its SPI (it does not when it was deleting the pair too), the pair is gone.
        if (sa.Children.Find(c => c.InboundSpi == _inboundSpi) is { } child) { sa.RemoveChild(child, outputs); }
    }

    public void Abandon()
    {
    }

    /// <summary>Handles the ESP Delete payloads of a peer's INFORMATIONAL request, adding our answer to <paramref name="answer"/>.</summary>
    public static void Respond(IkeSa sa, IEnumerable<DeletePayload> deletes, List<Ikev2Payload> answer, List<EngineOutput> outputs)
    {
        var ours = new List<ReadOnlyMemory<byte>>();
        foreach (var spi in deletes.Where(d => d.ProtocolId == ProtocolId.Esp).SelectMany(d => d.Spis))
        {
            if (spi.Length != 4) { continue; }
            uint outbound = BinaryPrimitives.ReadUInt32BigEndian(spi.Span);
            if (sa.Children.Find(c => c.OutboundSpi == outbound) is not { } child) { continue; }
            if (child.State != ChildSaState.Deleting)
            {
                var inbound = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(inbound, child.InboundSpi);
                ours.Add(inbound);
            }
            sa.RemoveChild(child, outputs);
        }
        if (ours.Count > 0) { answer.Add(new DeletePayload(ProtocolId.Esp, 4, ours)); }
    }
}
