using System.Globalization;

namespace DotSwan.Ike.Proposals;

/// <summary>
/// Parses strongSwan swanctl.conf proposal strings: algorithm keywords separated by dashes (<c>aes256gcm16-prfsha384-x25519</c>),
/// several proposals separated by commas, the <c>default</c> keyword, and RFC 9370 additional key exchanges as
/// <c>ke1_</c>..<c>ke7_</c> prefixes. Never throws on bad input: returns a <see cref="ProposalError"/> naming the token.
/// </summary>
public static class ProposalParser
{
    /// <summary>Upper bound on tokens in one proposal (configuration input is bounded like wire input).</summary>
    public const int MaxTokens = 128;

    /// <summary>Upper bound on proposals in one list.</summary>
    public const int MaxProposals = 64;

    /// <summary>Parses one proposal (no commas; <c>default</c> is only accepted by <see cref="TryParseList"/>).</summary>
    public static bool TryParse(string text, ProposalProtocol protocol, out CryptoSuite? suite, out ProposalError error) =>
        TryParseAt(text ?? "", 0, protocol, out suite, out error);

    /// <summary>
    /// Parses a comma-separated proposal list in preference order. <c>default</c> expands to
    /// <see cref="DefaultProposals.For"/> of the protocol.
    /// </summary>
    public static bool TryParseList(string text, ProposalProtocol protocol, out IReadOnlyList<CryptoSuite> suites, out ProposalError error)
    {
        suites = [];
        text ??= "";
        var result = new List<CryptoSuite>();
        int position = 0;
        foreach (var part in text.Split(','))
        {
            string trimmed = part.Trim();
            int start = position + (part.Length - part.TrimStart().Length);
            position += part.Length + 1;
            if (string.Equals(trimmed, "default", StringComparison.OrdinalIgnoreCase))
            {
                result.AddRange(DefaultProposals.For(protocol));
            }
            else
            {
                if (!TryParseAt(trimmed, start, protocol, out var suite, out error)) { return false; }
                result.Add(suite!);
            }
            if (result.Count > MaxProposals)
            {
                error = new ProposalError(ProposalErrorKind.TooLong, "", start, $"more than {MaxProposals} proposals");
                return false;
            }
        }
        suites = result;
        error = default;
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>: for trusted literals in code and tests.</summary>
    public static CryptoSuite Parse(string text, ProposalProtocol protocol) =>
        TryParse(text, protocol, out var suite, out var error) ? suite! : throw new FormatException(error.Message);

    /// <summary>Parses a list or throws <see cref="FormatException"/>: for trusted literals in code and tests.</summary>
    public static IReadOnlyList<CryptoSuite> ParseList(string text, ProposalProtocol protocol) =>
        TryParseList(text, protocol, out var suites, out var error) ? suites : throw new FormatException(error.Message);

    private static bool TryParseAt(string text, int offset, ProposalProtocol protocol, out CryptoSuite? suite, out ProposalError error)
    {
        suite = null;
        if (text.Length == 0)
        {
            error = new ProposalError(ProposalErrorKind.Empty, "", offset, "empty proposal: expected algorithm keywords separated by '-'");
            return false;
        }
        var transforms = new List<ProposalTransform>();
        int position = offset;
        int count = 0;
        foreach (var token in text.Split('-'))
        {
            if (++count > MaxTokens)
            {
                error = new ProposalError(ProposalErrorKind.TooLong, token, position, $"more than {MaxTokens} keywords in one proposal");
                return false;
            }
            if (!TryToken(token, out var transform))
            {
                error = new ProposalError(ProposalErrorKind.UnknownKeyword, token, position, UnknownMessage(token, protocol));
                return false;
            }
            transforms.Add(transform);
            position += token.Length + 1;
        }
        Normalize(protocol, transforms);
        if (!CryptoSuite.TryCreate(protocol, transforms, out suite, out error))
        {
            // Point the error at the offending token when there is one.
            int at = error.Token.Length > 0 ? offset + IndexOfToken(text, error.Token) : offset;
            error = error with { Position = at };
            return false;
        }
        return true;
    }

    /// <summary>
    /// Configuration leniency measured on strongSwan 5.9.8 (swanctl --load-conns): integrity algorithms written into an
    /// AEAD-only proposal are dropped, after serving to derive the PRFs of an IKE proposal that names none
    /// (<c>aes256gcm16-sha256-x25519</c> loads as AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519), and PRFs written into
    /// an ESP/AH proposal are ignored. Typed construction (<see cref="CryptoSuite.TryCreate"/>) stays strict.
    /// </summary>
    private static void Normalize(ProposalProtocol protocol, List<ProposalTransform> transforms)
    {
        var encryption = transforms.Where(t => t.Type == TransformType.Encryption).ToList();
        if (encryption.Count > 0 && encryption.TrueForAll(t => t.IsAead))
        {
            if (protocol == ProposalProtocol.Ike && !transforms.Exists(t => t.Type == TransformType.Prf))
            {
                foreach (var integrity in transforms.Where(t => t.Type == TransformType.Integrity).ToList())
                {
                    if (CryptoSuite.PrfFor((DotSwan.Crypto.IntegrityAlgorithm)integrity.Id) is { } prf)
                    {
                        transforms.Add(new ProposalTransform(TransformType.Prf, (ushort)prf));
                    }
                }
            }
            transforms.RemoveAll(t => t.Type == TransformType.Integrity);
        }
        if (protocol != ProposalProtocol.Ike)
        {
            transforms.RemoveAll(t => t.Type == TransformType.Prf);
        }
    }

    private static bool TryToken(string token, out ProposalTransform transform)
    {
        if (token.Length > 4 && token.StartsWith("ke", StringComparison.OrdinalIgnoreCase) && token[3] == '_'
            && token[2] is >= '1' and <= '7')
        {
            if (ProposalKeywords.TryLookup(token[4..], out var baseTransform) && baseTransform.Type == TransformType.KeyExchange)
            {
                transform = baseTransform with { Type = (TransformType)((int)TransformType.AdditionalKeyExchange1 + token[2] - '1') };
                return true;
            }
            transform = default;
            return false;
        }
        return ProposalKeywords.TryLookup(token, out transform);
    }

    private static int IndexOfToken(string text, string token)
    {
        int position = 0;
        foreach (var part in text.Split('-'))
        {
            if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase)) { return position; }
            position += part.Length + 1;
        }
        return 0;
    }

    private static string UnknownMessage(string token, ProposalProtocol protocol)
    {
        string shown = token.Length == 0 ? "(empty)" : token;
        string allowed = protocol switch
        {
            ProposalProtocol.Ike => "encryption (aes128..aes256, aes*ctr, aes*gcm8/12/16, aes*ccm8/12/16, chacha20poly1305, 3des), "
                + "integrity (sha1, sha256, sha384, sha512, aesxcbc, aescmac, md5), prf (prfsha256, prfsha384, ...), "
                + "key exchange (x25519, x448, ecp256/384/521, ecp*bp, modp2048..modp8192, mlkem512/768/1024) and ke1_..ke7_ prefixes",
            ProposalProtocol.Esp => "encryption (aes*, aes*ctr, aes*gcm*, aes*ccm*, chacha20poly1305, null), integrity (sha256, ...), "
                + "an optional key exchange for PFS (x25519, ecp256, modp3072, ...) and esn/noesn",
            _ => "integrity (sha256, sha384, sha512, sha1, aesxcbc, aescmac), an optional key exchange for PFS and esn/noesn",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"unknown algorithm keyword '{shown}' in {protocol.ToString().ToUpperInvariant()} proposal; allowed: {allowed}");
    }
}
