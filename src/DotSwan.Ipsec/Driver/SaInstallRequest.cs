using DotSwan.Crypto;

namespace DotSwan.Ipsec.Driver;

/// <summary>
/// What a driver needs to install one direction of a Child SA, independent of IKE: the settings (SPI, direction, outer
/// addresses, algorithms, mode, ESN, replay window, lifetimes, UDP encapsulation), the request id linking it to its
/// policies, and the keys. The driver copies the keys into its transforms; the caller keeps ownership of the
/// <see cref="SecretBytes"/> and disposes them.
/// </summary>
/// <param name="Settings">What was negotiated, without keys.</param>
/// <param name="ReqId">The request id of the policies this SA serves (<see cref="Spd.SaTemplate.ReqId"/>).</param>
/// <param name="EncryptionKey">The encryption key material (with salt or nonce for AEADs and CTR).</param>
/// <param name="IntegrityKey">The integrity key; null or empty with an AEAD.</param>
public sealed record SaInstallRequest(SecurityAssociationSettings Settings, uint ReqId, SecretBytes EncryptionKey, SecretBytes? IntegrityKey)
{
    /// <summary>The id the SA will have in the driver.</summary>
    public SaId Id => SaId.Of(Settings.Direction, Settings.Spi, Settings.Destination);

    /// <summary>Never prints keys.</summary>
    public override string ToString() => $"install reqid {ReqId} {Settings}";
}
