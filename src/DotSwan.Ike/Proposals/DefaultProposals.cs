namespace DotSwan.Ike.Proposals;

/// <summary>
/// What the <c>default</c> keyword expands to: strongSwan 5.9.8's default proposals, in its order (classic first, then
/// AEAD), restricted to the algorithms DotSwan.Crypto implements with legacy transforms off. Measured from charon 5.9.8
/// on the project's lab machine (tests/DotSwan.Ike.Tests/TestData/strongswan-5.9.8-default-proposals.txt); left out
/// are Camellia (not implemented) and 3DES (legacy, disabled by default in <c>TransformRegistry</c>).
/// </summary>
public static class DefaultProposals
{
    private const string KeyExchanges = "x25519-x448-ecp256-ecp384-ecp521-ecp256bp-ecp384bp-ecp512bp-modp3072-modp4096-modp6144-modp8192-modp2048";

    private const string Prfs = "prfsha256-prfsha384-prfsha512-prfaesxcbc-prfaescmac-prfsha1";

    /// <summary>The default IKE proposals: AES-CBC/CTR with HMAC-SHA2/SHA1/XCBC/CMAC, then AES-CCM/GCM and ChaCha20-Poly1305.</summary>
    public static IReadOnlyList<CryptoSuite> Ike { get; } =
    [
        ProposalParser.Parse($"aes128-aes192-aes256-aes128ctr-aes192ctr-aes256ctr-sha256-sha384-sha512-aesxcbc-aescmac-sha1-{Prfs}-{KeyExchanges}",
            ProposalProtocol.Ike),
        ProposalParser.Parse("aes128ccm16-aes192ccm16-aes256ccm16-aes128gcm16-aes192gcm16-aes256gcm16-chacha20poly1305-"
            + "aes128ccm8-aes192ccm8-aes256ccm8-aes128ccm12-aes192ccm12-aes256ccm12-"
            + $"aes128gcm8-aes192gcm8-aes256gcm8-aes128gcm12-aes192gcm12-aes256gcm12-{Prfs}-{KeyExchanges}", ProposalProtocol.Ike),
    ];

    /// <summary>The default ESP proposals: AES-CBC with HMAC-SHA2/SHA1/XCBC, then AES-GCM-16; no PFS; noesn.</summary>
    public static IReadOnlyList<CryptoSuite> Esp { get; } =
    [
        ProposalParser.Parse("aes128-aes192-aes256-sha256-sha384-sha512-sha1-aesxcbc", ProposalProtocol.Esp),
        ProposalParser.Parse("aes128gcm16-aes192gcm16-aes256gcm16", ProposalProtocol.Esp),
    ];

    /// <summary>The default AH proposal (the ESP integrity algorithms; not measured: strongSwan proposes no AH by default).</summary>
    public static IReadOnlyList<CryptoSuite> Ah { get; } =
    [
        ProposalParser.Parse("sha256-sha384-sha512-sha1-aesxcbc", ProposalProtocol.Ah),
    ];

    /// <summary>The defaults of one protocol.</summary>
    public static IReadOnlyList<CryptoSuite> For(ProposalProtocol protocol) => protocol switch
    {
        ProposalProtocol.Ike => Ike,
        ProposalProtocol.Esp => Esp,
        _ => Ah,
    };
}
