namespace DotSwan.TestSupport.Lab;

/// <summary>How a <see cref="StrongSwanInstance"/> is configured (strongswan.conf); the defaults suit one tunnel per test.</summary>
public sealed record StrongSwanOptions
{
    /// <summary>
    /// The default plugin list. Order matters: kernel-libipsec must come before kernel-netlink (the first kernel-ipsec
    /// backend wins and this kernel has no XFRM ESP), and aesni/openssl before aes/gcm (the first plugin registering an
    /// algorithm is used; the portable C ones are several times slower). resolve and updown are left out on purpose.
    /// </summary>
    public const string DefaultPlugins =
        "kernel-libipsec kernel-netlink socket-default random nonce aesni openssl aes sha1 sha2 md5 hmac gcm kdf pem pkcs1 pkcs8 "
        + "x509 revocation constraints pubkey curve25519 vici";

    /// <summary>The defaults.</summary>
    public static StrongSwanOptions Default { get; } = new();

    /// <summary>The `load` list (space separated), in load order.</summary>
    public string Plugins { get; init; } = DefaultPlugins;

    /// <summary>filelog level for the ike and chd groups (4 logs key material: useful to check our key derivation).</summary>
    public int IkeLogLevel { get; init; } = 2;

    /// <summary>filelog level for all other groups.</summary>
    public int OtherLogLevel { get; init; } = 1;

    /// <summary>Seconds before the first retransmission.</summary>
    public double RetransmitTimeout { get; init; } = 2.0;

    /// <summary>Retransmissions before giving up (bounds how long a failed exchange takes).</summary>
    public int RetransmitTries { get; init; } = 2;

    /// <summary>How long to wait for the VICI socket after starting charon.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Extra lines placed inside the charon-systemd section (e.g. "dos_protection = no").</summary>
    public IReadOnlyList<string> ExtraSettings { get; init; } = [];
}
