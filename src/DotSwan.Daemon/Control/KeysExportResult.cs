namespace DotSwan.Daemon.Control;

/// <summary>The result of <c>keys-export</c>.</summary>
/// <param name="Files">The files written.</param>
/// <param name="EspSas">Lines in esp_sa.</param>
/// <param name="IkeSas">Lines in ikev2_decryption_table.</param>
/// <param name="Note">What could not be exported, if anything.</param>
public sealed record KeysExportResult(IReadOnlyList<string> Files, int EspSas, int IkeSas, string? Note)
{
    /// <summary>Lines in ikev1_decryption_table (ISAKMP SAs).</summary>
    public int IsakmpSas { get; init; }
}
