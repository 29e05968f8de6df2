using DotSwan.Ike.KeyLog;

namespace DotSwan.Ike.Engine;

/// <summary>
/// The keys of a newly established (or rekeyed) IKE SA, for a Wireshark key log. Emitted only for connections with
/// <see cref="Ikev2.Ikev2Connection.LogKeys"/> set; a host must keep them only when its user asked for a key log.
/// </summary>
/// <param name="IkeSa">The IKE SA.</param>
/// <param name="Connection">The connection's name.</param>
/// <param name="Entry">Its SPIs, SK_e* and SK_a* as one <c>ikev2_decryption_table</c> line.</param>
public sealed record IkeSaKeysDerived(IkeSaId IkeSa, string Connection, Ikev2DecryptionTableEntry Entry) : EngineOutput
{
    /// <summary>Never prints keys.</summary>
    public override string ToString() => $"IkeSaKeysDerived {{ IkeSa = {IkeSa}, Connection = {Connection} }}";
}
