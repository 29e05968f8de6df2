namespace DotSwan.Ike.Proposals;

/// <summary>
/// What the <c>default</c> keyword expands to. strongSwan 5.9 builds its default proposals from the algorithms its
/// loaded plugins implement that it considers safe, one AEAD proposal and one classic proposal; we follow the same
/// shape over what DotSwan.Crypto implements without the legacy switch (no 3DES, DES, MD5, SHA-1, MODP below 2048 bits
/// for IKE). The exact lists are ours, not a copy of strongSwan's, and are documented here so operators can see them.
/// </summary>
public static class DefaultProposals
{
    private const string KeyExchanges = "x25519-x448-ecp256-ecp384-ecp521-modp3072-modp4096-modp6144-modp8192-modp2048";

    /// <summary>The default IKE proposals (AEAD first, then AES-CBC with HMAC-SHA2).</summary>
    public static IReadOnlyList<CryptoSuite> Ike { get; } =
    [
        ProposalParser.Parse($"aes128gcm16-aes192gcm16-aes256gcm16-chacha20poly1305-prfsha256-prfsha384-prfsha512-{KeyExchanges}", ProposalProtocol.Ike),
        ProposalParser.Parse($"aes128-aes192-aes256-sha256-sha384-sha512-{KeyExchanges}", ProposalProtocol.Ike),
    ];

    /// <summary>The default ESP proposals (AES-GCM-16, then AES-CBC with HMAC-SHA2; no PFS; noesn).</summary>
    public static IReadOnlyList<CryptoSuite> Esp { get; } =
    [
        ProposalParser.Parse("aes128gcm16-aes256gcm16-chacha20poly1305", ProposalProtocol.Esp),
        ProposalParser.Parse("aes128-aes192-aes256-sha256-sha384-sha512", ProposalProtocol.Esp),
    ];

    /// <summary>The default AH proposal (HMAC-SHA2; no PFS; noesn).</summary>
    public static IReadOnlyList<CryptoSuite> Ah { get; } =
    [
        ProposalParser.Parse("sha256-sha384-sha512", ProposalProtocol.Ah),
    ];

    /// <summary>The defaults of one protocol.</summary>
    public static IReadOnlyList<CryptoSuite> For(ProposalProtocol protocol) => protocol switch
    {
        ProposalProtocol.Ike => Ike,
        ProposalProtocol.Esp => Esp,
        _ => Ah,
    };
}
