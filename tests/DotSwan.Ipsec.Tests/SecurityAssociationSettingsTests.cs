using DotSwan.Crypto;

namespace DotSwan.Ipsec.Tests;

public sealed class SecurityAssociationSettingsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4097)]
    public void Replay_window_outside_1_to_4096_is_refused(int size)
        => Assert.Throws<ArgumentOutOfRangeException>(() => TestSas.Settings(SaDirection.Inbound, 1, EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, window: size));

    [Fact]
    public void Defaults_are_tunnel_esp_window_64_and_default_lifetimes()
    {
        var settings = new SecurityAssociationSettings
        {
            Spi = 1,
            Direction = SaDirection.Inbound,
            Source = System.Net.IPAddress.Loopback,
            Destination = System.Net.IPAddress.Loopback,
            Encryption = EncryptionAlgorithm.AesGcm16,
            EncryptionKeyLengthBits = 128,
        };
        Assert.Equal(IpsecProtocol.Esp, settings.Protocol);
        Assert.Equal(IpsecMode.Tunnel, settings.Mode);
        Assert.Equal(64, settings.ReplayWindowSize);
        Assert.Same(Lifetimes.SaLifetimes.Default, settings.Lifetimes);
        Assert.Throws<ArgumentOutOfRangeException>(() => settings with { Protocol = (IpsecProtocol)6 });
        Assert.Null(settings.Problem);
        // AH is settable; an AH SA with an encryption algorithm is refused when the SA is made (the setters run independently).
        Assert.Contains("does not encrypt", (settings with { Protocol = IpsecProtocol.Ah }).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Creation_failures_are_typed()
    {
        var settings = TestSas.Settings(SaDirection.Outbound, 1, EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        Assert.False(SecurityAssociation.TryCreate(settings, new byte[19], [], TestSas.T0, out _, out var error));
        Assert.Equal(CryptoErrorKind.InvalidKeyLength, error.Kind);
        Assert.False(SecurityAssociation.TryCreate(settings with { Integrity = IntegrityAlgorithm.HmacSha256128 }, new byte[20], new byte[32], TestSas.T0, out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(SecurityAssociation.TryCreate(settings with { Encryption = EncryptionAlgorithm.AesCbc }, new byte[16], [], TestSas.T0, out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.False(SecurityAssociation.TryCreate(settings with { Encryption = EncryptionAlgorithm.TripleDes, EncryptionKeyLengthBits = 0, Integrity = IntegrityAlgorithm.HmacSha196 },
            new byte[24], new byte[20], TestSas.T0, out _, out error));
        Assert.Equal(CryptoErrorKind.Unsupported, error.Kind);
        Assert.Throws<ArgumentException>(() => SecurityAssociation.TryCreate(settings with { Destination = System.Net.IPAddress.IPv6Loopback }, new byte[20], [], TestSas.T0, out _, out _));
    }
}
