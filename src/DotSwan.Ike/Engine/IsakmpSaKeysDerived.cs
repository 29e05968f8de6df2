using DotSwan.Ike.KeyLog;

namespace DotSwan.Ike.Engine;

/// <summary>
/// The phase 1 encryption key of a newly established ISAKMP SA (IKEv1), for a Wireshark key log. Emitted only for
/// connections with <see cref="Ikev1.Ikev1Connection.LogKeys"/> set; a host must keep it only when its user asked for a key log.
/// </summary>
/// <param name="IkeSa">The ISAKMP SA (its cookies).</param>
/// <param name="Connection">The connection's name.</param>
/// <param name="Entry">Its initiator cookie and encryption key as one <c>ikev1_decryption_table</c> line.</param>
public sealed record IsakmpSaKeysDerived(IkeSaId IkeSa, string Connection, Ikev1DecryptionTableEntry Entry) : EngineOutput
{
    /// <summary>Never prints keys.</summary>
    public override string ToString() => $"IsakmpSaKeysDerived {{ IkeSa = {IkeSa}, Connection = {Connection} }}";
}
