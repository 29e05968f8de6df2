using System.Diagnostics.CodeAnalysis;

namespace DotSwan.Wire.Ikev2;

/// <summary>Flags of the IKEv2 header (RFC 7296 section 3.1).</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "The RFC 7296 name.")]
public enum Ikev2HeaderFlags : byte
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>I: sent by the original initiator of the IKE SA.</summary>
    Initiator = 8,

    /// <summary>V: the sender can speak a higher major version.</summary>
    Version = 16,

    /// <summary>R: this message is a response.</summary>
    Response = 32,
}
