using DotSwan.Crypto;

namespace DotSwan.Ike.Engine;

/// <summary>One direction of a Child SA: the SPI the receiver chose, and the keys. The host owns and disposes the keys.</summary>
/// <param name="Spi">The ESP SPI (chosen by the receiving side).</param>
/// <param name="EncryptionKey">Encryption key material (with the salt for AEADs).</param>
/// <param name="IntegrityKey">Integrity key (empty for AEADs).</param>
public sealed record ChildSaDirectionKeys(uint Spi, SecretBytes EncryptionKey, SecretBytes IntegrityKey)
{
    /// <inheritdoc />
    public override string ToString() => $"SPI {Spi:x8} (encryption {EncryptionKey.Length} B, integrity {IntegrityKey.Length} B)";
}
