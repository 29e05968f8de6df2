using System.Net;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Crypto.Kdf;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// What Main and Aggressive Mode share: the proposal list, vendor IDs, NAT-D, the PSK keying (SKEYID family,
/// Appendix B key, phase 1 IV) and HASH_I/HASH_R over the raw payload bodies (RFC 2409 §5, §5.4; RFC 3947).
/// </summary>
internal static class Phase1Keying
{
    public const int NonceLength = 32;

    /// <summary>Our phase 1 transforms: every combination of the configured suites that the registry can create.</summary>
    public static IReadOnlyList<Ikev1Phase1Transform> Transforms(Ikev1Connection connection, TransformRegistry registry) =>
        Phase1Certificates.AuthMethod(connection, out _) is not { } method ? [] :
        [.. Ikev1ProposalConverter.ToPhase1Transforms(connection.IkeProposals, method,
                connection.KeyProtection.MasterKeyLifetime, allCombinations: true)
            .Select(t => t with { LifeKilobytes = connection.MasterKeyLifeKilobytes })
            .Where(t => registry.IsSupported(t.Encryption.Algorithm, t.Encryption.KeyLength) && registry.IsSupported(t.Group)
                && CryptoSuite.PrfFor(t.Hash) is { } prf && registry.TryDescribePrf(prf, out _) && HashFunction(t.Hash) is not null)];

    public static Ikev1HashFunction? HashFunction(IntegrityAlgorithm hash) => hash switch
    {
        IntegrityAlgorithm.HmacMd596 => Ikev1HashFunction.Md5,
        IntegrityAlgorithm.HmacSha196 => Ikev1HashFunction.Sha1,
        IntegrityAlgorithm.HmacSha256128 => Ikev1HashFunction.Sha256,
        IntegrityAlgorithm.HmacSha384192 => Ikev1HashFunction.Sha384,
        IntegrityAlgorithm.HmacSha512256 => Ikev1HashFunction.Sha512,
        _ => null,
    };

    public static IEnumerable<IsakmpPayload> VendorIds() =>
        [new VendorIdPayload(Ikev1VendorIds.NatTraversal), new VendorIdPayload(Ikev1VendorIds.DeadPeerDetection)];

    public static void ReadVendorIds(IsakmpSa sa, IEnumerable<IsakmpPayload> payloads)
    {
        foreach (var vid in payloads.OfType<VendorIdPayload>())
        {
            if (Ikev1VendorIds.IsNatTraversal(vid.Data.Span)) { sa.PeerSupportsNatTraversal = true; }
            if (Ikev1VendorIds.IsDeadPeerDetection(vid.Data.Span)) { sa.PeerSupportsDpd = true; }
        }
    }

    public static byte[] NewNonce(IRandomSource random)
    {
        var nonce = new byte[NonceLength];
        random.Fill(nonce);
        return nonce;
    }

    /// <summary>NAT-D payloads (RFC 3947 §3.2): first the hash of the peer's address as we send to it, then our own.</summary>
    public static IEnumerable<IsakmpPayload> NatDiscovery(IsakmpSa sa)
    {
        if (!sa.PeerSupportsNatTraversal) { return []; }
        var hash = HashFunction(sa.Chosen!.Hash)!;
        byte[] ours = Ikev1NatDetection.Compute(hash, sa.CookieI, sa.CookieR, sa.Local);
        if (sa.Connection.ForceEncapsulation) { sa.Engine.Random.Fill(ours); } // the peer then sees us "behind a NAT"
        return
        [
            new NatDiscoveryPayload(Ikev1NatDetection.Compute(hash, sa.CookieI, sa.CookieR, sa.Remote)),
            new NatDiscoveryPayload(ours),
        ];
    }

    /// <summary>Compares the peer's NAT-D payloads with the addresses this message travelled between.</summary>
    public static void DetectNat(IsakmpSa sa, IReadOnlyList<IsakmpPayload> payloads, IPEndPoint local, IPEndPoint remote)
    {
        var natd = payloads.OfType<NatDiscoveryPayload>().ToList();
        if (!sa.PeerSupportsNatTraversal || natd.Count < 2) { return; }
        var hash = HashFunction(sa.Chosen!.Hash)!;
        // The first is the hash of the address the peer sent to (ours), the rest of the addresses it may have sent from.
        sa.NatLocal = !CryptographicOperations.FixedTimeEquals(natd[0].Hash.Span, Ikev1NatDetection.Compute(hash, sa.CookieI, sa.CookieR, local));
        byte[] theirs = Ikev1NatDetection.Compute(hash, sa.CookieI, sa.CookieR, remote);
        sa.NatRemote = !natd.Skip(1).Any(d => CryptographicOperations.FixedTimeEquals(d.Hash.Span, theirs));
        sa.NatLocal |= sa.Connection.ForceEncapsulation;
    }

    /// <summary>After both KE and nonces: SKEYID = prf(PSK, Ni_b | Nr_b) (signatures: prf(Ni_b | Nr_b, g^xy)), its family, the Appendix B key and the phase 1 IV.</summary>
    public static bool TryDeriveKeys(IsakmpSa sa, SecretBytes sharedSecret, out string reason)
    {
        var t = sa.Chosen!;
        var registry = sa.Registry;
        var hash = HashFunction(t.Hash);
        if (CryptoSuite.PrfFor(t.Hash) is not { } prfAlgorithm || hash is null || !registry.TryCreatePrf(prfAlgorithm, out var prf, out var error))
        {
            reason = $"no PRF for hash {t.Hash}";
            return false;
        }
        bool skeyidOk = Phase1Certificates.UsesSignatures(sa)
            ? Ikev1KeyDerivation.TryComputeSkeyidSignature(prf!, sa.Ni, sa.Nr, sharedSecret.ReadOnlySpan, out var skeyid, out error)
            : Ikev1KeyDerivation.TryComputeSkeyidPreSharedKey(prf!, sa.Connection.PreSharedKey.ReadOnlySpan, sa.Ni, sa.Nr, out skeyid, out error);
        if (!skeyidOk
            || !Ikev1KeyDerivation.TryDeriveKeys(prf!, skeyid!.ReadOnlySpan, sharedSecret.ReadOnlySpan, sa.CookieI, sa.CookieR, out var keys, out error))
        {
            skeyid?.Dispose();
            prf!.Dispose();
            reason = $"SKEYID derivation: {error.Detail}";
            return false;
        }
        skeyid.Dispose();
        if (!registry.TryDescribeEncryption(t.Encryption.Algorithm, t.Encryption.KeyLength, out var info, out error))
        {
            keys!.Dispose();
            prf!.Dispose();
            reason = error.Detail;
            return false;
        }
        using var key = new SecretBytes(info.KeyMaterialLength);
        ICipher? cipher = null;
        Ikev1IvState? iv = null;
        if (!Ikev1KeyDerivation.TryComputeEncryptionKey(prf!, keys!.SkeyidE.ReadOnlySpan, key.Span, out error)
            || !registry.TryCreateCipher(t.Encryption.Algorithm, t.Encryption.KeyLength, key.ReadOnlySpan, out cipher, out error)
            || !Ikev1IvState.TryCreatePhase1(hash, sa.Gxi, sa.Gxr, cipher!.BlockSize, out iv, out error))
        {
            cipher?.Dispose();
            keys.Dispose();
            prf!.Dispose();
            reason = $"phase 1 cipher: {error.Detail}";
            return false;
        }
        IPrf? hashPrf = null;
        if (Phase1Certificates.HashPrf(t.AuthMethod) is { } hashPrfAlgorithm && !registry.TryCreatePrf(hashPrfAlgorithm, out hashPrf, out error))
        {
            cipher.Dispose();
            keys.Dispose();
            prf!.Dispose();
            reason = $"HASH PRF {hashPrfAlgorithm} of {t.AuthMethod}: {error.Detail}";
            return false;
        }
        sa.Protection = new IsakmpSaProtection(prf!, hash, cipher, keys, iv!) { HashPrf = hashPrf };
        if (sa.Connection.LogKeys) { sa.KeyLogEntry = new KeyLog.Ikev1DecryptionTableEntry(sa.CookieI, key.ReadOnlySpan.ToArray()); }
        reason = "";
        return true;
    }

    public static byte[] HashI(IsakmpSa sa, ReadOnlySpan<byte> idiiBody) => Phase1Hash(sa, idiiBody, initiator: true);

    public static byte[] HashR(IsakmpSa sa, ReadOnlySpan<byte> idirBody) => Phase1Hash(sa, idirBody, initiator: false);

    private static byte[] Phase1Hash(IsakmpSa sa, ReadOnlySpan<byte> idBody, bool initiator)
    {
        var p = sa.Protection!;
        var prf = p.HashPrf ?? p.Prf;
        var hash = new byte[prf.OutputLength];
        bool ok = initiator
            ? Ikev1Hashes.TryComputeHashI(prf, p.Keys.Skeyid.ReadOnlySpan, sa.Gxi, sa.Gxr, sa.CookieI, sa.CookieR, sa.SaiBody, idBody, hash, out var error)
            : Ikev1Hashes.TryComputeHashR(prf, p.Keys.Skeyid.ReadOnlySpan, sa.Gxi, sa.Gxr, sa.CookieI, sa.CookieR, sa.SaiBody, idBody, hash, out error);
        return ok ? hash : throw new InvalidOperationException(error.Detail);
    }

    /// <summary>Checks the peer's ID and HASH (or with certificates: CERT and SIG); on success records the peer's identity.</summary>
    public static bool TryAuthenticatePeer(IsakmpSa sa, Ikev1Plaintext plaintext, DateTimeOffset now, out string reason)
    {
        if (Phase1Certificates.UsesSignatures(sa)) { return Phase1Certificates.TryAuthenticatePeer(sa, plaintext, now, out reason); }
        int idIndex = plaintext.IndexOf<IdentificationPayload>();
        var hashPayload = plaintext.Find<HashPayload>();
        if (idIndex < 0 || hashPayload is null)
        {
            reason = "PAYLOAD-MALFORMED: the authentication message lacks its ID or HASH payload";
            return false;
        }
        var idBody = plaintext.Body(idIndex).Span;
        byte[] expected = sa.IsInitiator ? HashR(sa, idBody) : HashI(sa, idBody);
        if (!Ikev1Hashes.Matches(expected, hashPayload.Data.Span))
        {
            reason = $"AUTHENTICATION-FAILED: the peer's {(sa.IsInitiator ? "HASH_R" : "HASH_I")} does not verify with the configured pre-shared key "
                + "(check the PSK on both sides)";
            return false;
        }
        if (!Ikev1IdentityConverter.TryFromIdPayload((IdentificationPayload)plaintext.Payloads[idIndex], out var identity, out var idError))
        {
            reason = $"INVALID-ID-INFORMATION: the peer's identity does not decode ({idError})";
            return false;
        }
        if (sa.Connection.RemoteIdentity.Match(identity!) == IdentityMatch.None)
        {
            reason = $"INVALID-ID-INFORMATION: the peer authenticated as {identity}, but connection {sa.Connection.Name} expects {sa.Connection.RemoteIdentity}";
            return false;
        }
        sa.RemoteIdentity = identity;
        reason = "";
        return true;
    }
}
