namespace DotSwan.Wire.Ikev1;

/// <summary>Flags of the ISAKMP header (RFC 2408 §3.1).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The RFC 2408 name.")]
public enum IsakmpHeaderFlags : byte
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>E: the payloads after the header are encrypted.</summary>
    Encryption = 0x01,

    /// <summary>C: commit bit (key exchange synchronisation).</summary>
    Commit = 0x02,

    /// <summary>A: authentication only (the payloads are authenticated but not encrypted).</summary>
    AuthenticationOnly = 0x04,
}
