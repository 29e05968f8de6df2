namespace DotSwan.Daemon.Configuration;

/// <summary>The settings only an IKEv1 connection (<c>version: 1</c>) has.</summary>
/// <param name="Aggressive">Aggressive Mode instead of Main Mode (identities in clear; off by default).</param>
/// <param name="PfsMode">Session key or master key PFS, or none beyond the ESP proposals' key exchange.</param>
/// <param name="SessionKeyUpdateLimit">At most this many Quick Modes per phase 1 keying material (0: unlimited); the next one negotiates a new phase 1.</param>
public sealed record Ikev1Options(bool Aggressive, Ikev1PfsMode PfsMode, int SessionKeyUpdateLimit)
{
    /// <summary>Main Mode, no extra PFS, no update limit.</summary>
    public static Ikev1Options Default { get; } = new(false, Ikev1PfsMode.None, 0);
}
