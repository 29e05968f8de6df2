using System.Text;
using DotSwan.Crypto;

namespace DotSwan.Ike.Proposals;

/// <summary>
/// One proposal (a strongSwan "cipher suite"): for each transform type the acceptable algorithms in preference order.
/// Built only through <see cref="TryCreate"/>, <see cref="ProposalParser"/> or <see cref="TryFromOffered"/>, so an
/// instance always satisfies the combination rules (AEAD xor encryption+integrity, IKE has a PRF and a key exchange).
/// </summary>
public sealed class CryptoSuite : IEquatable<CryptoSuite>
{
    private static readonly TransformType[] FormatOrder =
    [
        TransformType.Encryption, TransformType.Integrity, TransformType.Prf, TransformType.KeyExchange,
        TransformType.AdditionalKeyExchange1, TransformType.AdditionalKeyExchange2, TransformType.AdditionalKeyExchange3,
        TransformType.AdditionalKeyExchange4, TransformType.AdditionalKeyExchange5, TransformType.AdditionalKeyExchange6,
        TransformType.AdditionalKeyExchange7, TransformType.ExtendedSequenceNumbers,
    ];

    private readonly ProposalTransform[] _transforms;

    private CryptoSuite(ProposalProtocol protocol, ProposalTransform[] transforms)
    {
        Protocol = protocol;
        _transforms = transforms;
    }

    /// <summary>The protocol this proposal negotiates.</summary>
    public ProposalProtocol Protocol { get; }

    /// <summary>All transforms, grouped by type in a fixed order, each type's algorithms in preference order.</summary>
    public IReadOnlyList<ProposalTransform> Transforms => _transforms;

    /// <summary>True when the encryption algorithms are AEADs (no separate integrity transform).</summary>
    public bool IsAead => _transforms.Any(t => t.IsAead);

    /// <summary>The encryption algorithms with key lengths.</summary>
    public IReadOnlyList<EncryptionTransform> Encryption =>
        [.. Of(TransformType.Encryption).Select(t => new EncryptionTransform((EncryptionAlgorithm)t.Id, t.KeyLength))];

    /// <summary>The integrity algorithms.</summary>
    public IReadOnlyList<IntegrityAlgorithm> Integrity => [.. Of(TransformType.Integrity).Select(t => (IntegrityAlgorithm)t.Id)];

    /// <summary>The pseudorandom functions (IKE only).</summary>
    public IReadOnlyList<PrfAlgorithm> Prf => [.. Of(TransformType.Prf).Select(t => (PrfAlgorithm)t.Id)];

    /// <summary>The key exchange methods (for ESP/AH: the PFS groups; empty for no PFS).</summary>
    public IReadOnlyList<KeyExchangeMethod> KeyExchange => [.. Of(TransformType.KeyExchange).Select(t => (KeyExchangeMethod)t.Id)];

    /// <summary>The Extended Sequence Numbers choices (ESP/AH only).</summary>
    public IReadOnlyList<ExtendedSequenceNumbers> ExtendedSequenceNumbers =>
        [.. Of(TransformType.ExtendedSequenceNumbers).Select(t => (ExtendedSequenceNumbers)t.Id)];

    /// <summary>The methods of additional key exchange <paramref name="index"/> (1..7, RFC 9370).</summary>
    public IReadOnlyList<KeyExchangeMethod> AdditionalKeyExchange(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 7);
        return [.. Of((TransformType)((int)TransformType.AdditionalKeyExchange1 + index - 1)).Select(t => (KeyExchangeMethod)t.Id)];
    }

    /// <summary>The transforms of one type, in preference order.</summary>
    public IEnumerable<ProposalTransform> Of(TransformType type) => _transforms.Where(t => t.Type == type);

    /// <summary>
    /// Validates and builds a proposal. Duplicates are dropped (first kept). For IKE without a PRF the PRFs are derived
    /// from the integrity algorithms as strongSwan does; ESP/AH without an ESN transform get <c>noesn</c>.
    /// </summary>
    public static bool TryCreate(ProposalProtocol protocol, IEnumerable<ProposalTransform> transforms, out CryptoSuite? suite, out ProposalError error)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        suite = null;
        var distinct = new List<ProposalTransform>();
        foreach (var transform in transforms)
        {
            if (!distinct.Exists(t => t.Matches(transform))) { distinct.Add(transform); }
        }

        string name = protocol.ToString().ToUpperInvariant();
        foreach (var t in distinct)
        {
            bool allowed = t.Type switch
            {
                TransformType.Prf => protocol == ProposalProtocol.Ike,
                TransformType.ExtendedSequenceNumbers => protocol != ProposalProtocol.Ike,
                TransformType.Encryption => protocol != ProposalProtocol.Ah,
                _ => true,
            };
            if (!allowed)
            {
                string keyword = ProposalKeywords.TryFormat(t, out var k) ? k : t.ToString();
                error = Fail(ProposalErrorKind.NotAllowedForProtocol, keyword,
                    $"'{keyword}' is not allowed in an {name} proposal ({AllowedTypes(protocol)})");
                return false;
            }
        }

        var encryption = distinct.Where(t => t.Type == TransformType.Encryption).ToList();
        bool anyAead = encryption.Exists(t => t.IsAead);
        bool anyClassic = encryption.Exists(t => !t.IsAead);
        bool hasIntegrity = distinct.Exists(t => t.Type == TransformType.Integrity);
        if (anyAead && anyClassic)
        {
            error = Fail(ProposalErrorKind.MixedAeadAndClassic, "",
                "AEAD and classic encryption algorithms cannot share a proposal: configure them as two proposals separated by a comma");
            return false;
        }
        if (protocol != ProposalProtocol.Ah && encryption.Count == 0)
        {
            error = Fail(ProposalErrorKind.MissingEncryption, "", $"an {name} proposal needs an encryption algorithm (e.g. aes256gcm16 or aes256)");
            return false;
        }
        if (anyAead && hasIntegrity)
        {
            error = Fail(ProposalErrorKind.AeadWithIntegrity, "",
                "an AEAD algorithm already provides integrity: remove the integrity algorithms (for IKE, name a PRF such as prfsha256 instead)");
            return false;
        }
        if (!anyAead && !hasIntegrity)
        {
            // strongSwan 5.9 would load an encryption-only ESP proposal; we require integrity (RFC 4303 §3.2 discourages it).
            error = Fail(ProposalErrorKind.MissingIntegrity, "", $"an {name} proposal without an AEAD algorithm needs an integrity algorithm (e.g. sha256)");
            return false;
        }

        if (protocol == ProposalProtocol.Ike && !distinct.Exists(t => t.Type == TransformType.Prf))
        {
            if (anyAead)
            {
                error = Fail(ProposalErrorKind.MissingPrf, "", "an AEAD IKE proposal needs a PRF (e.g. prfsha256): it cannot be derived from an integrity algorithm");
                return false;
            }
            // strongSwan's rule: with no PRF configured, each integrity algorithm's matching PRF is proposed in the same order.
            foreach (var integrity in distinct.Where(t => t.Type == TransformType.Integrity).ToList())
            {
                if (PrfFor((IntegrityAlgorithm)integrity.Id) is { } prf)
                {
                    var derived = new ProposalTransform(TransformType.Prf, (ushort)prf);
                    if (!distinct.Contains(derived)) { distinct.Add(derived); }
                }
            }
        }

        bool hasKe = distinct.Exists(t => t.Type == TransformType.KeyExchange);
        if (protocol == ProposalProtocol.Ike && !hasKe)
        {
            error = Fail(ProposalErrorKind.MissingKeyExchange, "", "an IKE proposal needs a key exchange method (e.g. x25519, ecp256, modp3072)");
            return false;
        }
        if (!hasKe && distinct.Exists(t => t.Type >= TransformType.AdditionalKeyExchange1))
        {
            error = Fail(ProposalErrorKind.AdditionalKeyExchangeWithoutKeyExchange, "",
                "additional key exchanges (ke1_..ke7_) need a key exchange method in the same proposal");
            return false;
        }
        if (protocol != ProposalProtocol.Ike && !distinct.Exists(t => t.Type == TransformType.ExtendedSequenceNumbers))
        {
            distinct.Add(new ProposalTransform(TransformType.ExtendedSequenceNumbers, (ushort)Proposals.ExtendedSequenceNumbers.None));
        }

        // Grouped by type in the order strongSwan prints them (a loop: this runs for every proposal a responder selects).
        var ordered = new ProposalTransform[distinct.Count];
        int count = 0;
        foreach (var type in FormatOrder)
        {
            foreach (var t in distinct)
            {
                if (t.Type == type) { ordered[count++] = t; }
            }
        }
        if (count != ordered.Length) { Array.Resize(ref ordered, count); }
        suite = new CryptoSuite(protocol, ordered);
        error = default;
        return true;
    }

    /// <summary>
    /// Builds a proposal from a peer's transforms: unknown ids and NONE entries are skipped (listed in
    /// <paramref name="skipped"/>), the rest must form a valid proposal.
    /// </summary>
    public static bool TryFromOffered(OfferedProposal offered, out CryptoSuite? suite, out IReadOnlyList<ProposalTransform> skipped, out ProposalError error)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var known = new List<ProposalTransform>();
        var unknown = new List<ProposalTransform>();
        foreach (var t in offered.Transforms)
        {
            (IsKnown(t) ? known : unknown).Add(t);
        }
        skipped = unknown;
        return TryCreate(offered.Protocol, known, out suite, out error);
    }

    /// <summary>Whether we implement this transform (type, id and key length).</summary>
    public static bool IsKnown(ProposalTransform transform) => !transform.IsNone && ProposalKeywords.TryFormat(transform, out _);

    /// <summary>The transforms as a peer proposal with the given number and SPI (what an initiator sends).</summary>
    public OfferedProposal ToOffered(byte number, ReadOnlyMemory<byte> spi) => new(number, Protocol, spi, _transforms);

    /// <summary>
    /// The proposal in strongSwan's configuration syntax, e.g. <c>aes256gcm16-prfsha256-x25519</c>. A PRF list equal to
    /// the one derived from the integrity algorithms and a lone <c>noesn</c> are left out, as they would be written.
    /// </summary>
    public string ToProposalString()
    {
        bool omitPrf = Protocol == ProposalProtocol.Ike && !IsAead && Prf.SequenceEqual(DerivedPrfs());
        bool omitEsn = Protocol != ProposalProtocol.Ike && ExtendedSequenceNumbers is [Proposals.ExtendedSequenceNumbers.None];
        var builder = new StringBuilder();
        foreach (var t in _transforms)
        {
            if ((omitPrf && t.Type == TransformType.Prf) || (omitEsn && t.Type == TransformType.ExtendedSequenceNumbers)) { continue; }
            if (builder.Length > 0) { builder.Append('-'); }
            builder.Append(ProposalKeywords.TryFormat(t, out var keyword) ? keyword : t.ToString());
        }
        return builder.ToString();
    }

    /// <summary>strongSwan's log form, e.g. <c>IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519</c>.</summary>
    public override string ToString() => Describe(Protocol, _transforms);

    /// <summary>The log form of any transform list (peer proposals included).</summary>
    public static string Describe(ProposalProtocol protocol, IEnumerable<ProposalTransform> transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        var list = transforms.ToList();
        var ordered = FormatOrder.SelectMany(type => list.Where(t => t.Type == type));
        return protocol.ToString().ToUpperInvariant() + ":" + string.Join('/', ordered.Select(t => t.ToString()));
    }

    /// <inheritdoc/>
    public bool Equals(CryptoSuite? other) =>
        other is not null && other.Protocol == Protocol && other._transforms.AsSpan().SequenceEqual(_transforms);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CryptoSuite other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Protocol);
        foreach (var t in _transforms) { hash.Add(t); }
        return hash.ToHashCode();
    }

    /// <summary>The PRF strongSwan pairs with an integrity algorithm when a proposal names no PRF.</summary>
    public static PrfAlgorithm? PrfFor(IntegrityAlgorithm integrity) => integrity switch
    {
        IntegrityAlgorithm.HmacSha196 => PrfAlgorithm.HmacSha1,
        IntegrityAlgorithm.HmacSha256128 => PrfAlgorithm.HmacSha256,
        IntegrityAlgorithm.HmacSha384192 => PrfAlgorithm.HmacSha384,
        IntegrityAlgorithm.HmacSha512256 => PrfAlgorithm.HmacSha512,
        IntegrityAlgorithm.HmacMd596 => PrfAlgorithm.HmacMd5,
        IntegrityAlgorithm.AesXcbc96 => PrfAlgorithm.Aes128Xcbc,
        IntegrityAlgorithm.AesCmac96 => PrfAlgorithm.Aes128Cmac,
        _ => null,
    };

    private List<PrfAlgorithm> DerivedPrfs()
    {
        var derived = new List<PrfAlgorithm>();
        foreach (var integrity in Integrity)
        {
            if (PrfFor(integrity) is { } prf && !derived.Contains(prf)) { derived.Add(prf); }
        }
        return derived;
    }

    private static string AllowedTypes(ProposalProtocol protocol) => protocol switch
    {
        ProposalProtocol.Ike => "IKE takes encryption, integrity, prf..., key exchange and ke1_..ke7_ keywords",
        ProposalProtocol.Esp => "ESP takes encryption, integrity, key exchange (PFS), ke1_..ke7_, esn and noesn keywords",
        _ => "AH takes integrity, key exchange (PFS), ke1_..ke7_, esn and noesn keywords",
    };

    private static ProposalError Fail(ProposalErrorKind kind, string token, string message) => new(kind, token, -1, message);
}
