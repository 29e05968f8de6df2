using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Engine;

/// <summary>The IKE SA is authenticated and usable.</summary>
/// <param name="IkeSa">The IKE SA.</param>
/// <param name="Connection">The connection's name.</param>
/// <param name="IsInitiator">Whether we initiated it.</param>
/// <param name="Suite">The negotiated IKE suite.</param>
/// <param name="RemoteIdentity">The peer's authenticated identity.</param>
public sealed record IkeSaEstablished(IkeSaId IkeSa, string Connection, bool IsInitiator, CryptoSuite Suite, IkeIdentity RemoteIdentity)
    : EngineEvent(IkeSa, Connection);
