using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Ikev1;

/// <summary>A Quick Mode did not produce an IPsec SA pair; the ISAKMP SA stays (unless the reason says otherwise).</summary>
/// <param name="IkeSa">The ISAKMP SA's cookies.</param>
/// <param name="Connection">The connection name.</param>
/// <param name="MessageId">The Quick Mode's message ID.</param>
/// <param name="Kind">The failure class.</param>
/// <param name="Reason">What went wrong and what to check.</param>
public sealed record QuickModeFailed(IkeSaId IkeSa, string Connection, uint MessageId, IkeSaFailureKind Kind, string Reason)
    : EngineEvent(IkeSa, Connection);
