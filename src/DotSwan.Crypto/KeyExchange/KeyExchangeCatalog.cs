using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DotSwan.Crypto.KeyExchange;

/// <summary>
/// Every key exchange method DotSwan implements, by IANA id: MODP 1, 2, 5, 14–18; ECP 19–21; brainpool 27–30;
/// Curve25519 (31), Curve448 (32); ML-KEM 35–37. The factories are stateless and thread-safe.
/// </summary>
public static class KeyExchangeCatalog
{
    private static readonly FrozenDictionary<KeyExchangeMethod, IKeyExchangeFactory> s_factories = Build().ToFrozenDictionary(f => f.Method);

    /// <summary>The implemented methods, in IANA order.</summary>
    public static IReadOnlyList<KeyExchangeMethod> Methods { get; } = [.. s_factories.Keys.Order()];

    /// <summary>
    /// True when MODP groups use libcrypto's constant-time exponentiation (Linux with OpenSSL 3); false means the portable
    /// BouncyCastle fallback, which is slower and not constant time: the daemon should log it at startup.
    /// </summary>
    public static bool ModpUsesLibCrypto => ModularExponentiation.UsesLibCrypto;

    /// <summary>Finds the factory of <paramref name="method"/>; false if it is not implemented.</summary>
    public static bool TryGetFactory(KeyExchangeMethod method, [NotNullWhen(true)] out IKeyExchangeFactory? factory) =>
        s_factories.TryGetValue(method, out factory);

    /// <summary>
    /// The lengths of the initiator's and responder's public values (the KE payload data) for <paramref name="method"/>;
    /// false if it is not implemented.
    /// </summary>
    public static bool TryGetPublicValueLengths(KeyExchangeMethod method, out int initiatorLength, out int responderLength)
    {
        if (s_factories.TryGetValue(method, out var factory))
        {
            initiatorLength = factory.InitiatorPublicValueLength;
            responderLength = factory.ResponderPublicValueLength;
            return true;
        }

        initiatorLength = 0;
        responderLength = 0;
        return false;
    }

    private static IEnumerable<IKeyExchangeFactory> Build()
    {
        foreach (var group in new[]
        {
            ModpGroup.Modp768, ModpGroup.Modp1024, ModpGroup.Modp1536, ModpGroup.Modp2048,
            ModpGroup.Modp3072, ModpGroup.Modp4096, ModpGroup.Modp6144, ModpGroup.Modp8192,
        })
        {
            yield return new ModpKeyExchangeFactory(group);
        }

        yield return new EcpKeyExchangeFactory(KeyExchangeMethod.Ecp256, ECCurve.NamedCurves.nistP256, 32, 415);
        yield return new EcpKeyExchangeFactory(KeyExchangeMethod.Ecp384, ECCurve.NamedCurves.nistP384, 48, 715);
        yield return new EcpKeyExchangeFactory(KeyExchangeMethod.Ecp521, ECCurve.NamedCurves.nistP521, 66, 716);
        yield return new EcpKeyExchangeFactory(KeyExchangeMethod.Brainpool224, ECCurve.NamedCurves.brainpoolP224r1, 28, 925);
        yield return new EcpKeyExchangeFactory(KeyExchangeMethod.Brainpool256, ECCurve.NamedCurves.brainpoolP256r1, 32, 927);
        yield return new EcpKeyExchangeFactory(KeyExchangeMethod.Brainpool384, ECCurve.NamedCurves.brainpoolP384r1, 48, 931);
        yield return new EcpKeyExchangeFactory(KeyExchangeMethod.Brainpool512, ECCurve.NamedCurves.brainpoolP512r1, 64, 933);
        yield return XdhKeyExchangeFactory.Curve25519;
        yield return XdhKeyExchangeFactory.Curve448;
        yield return MlKemKeyExchangeFactory.MlKem512;
        yield return MlKemKeyExchangeFactory.MlKem768;
        yield return MlKemKeyExchangeFactory.MlKem1024;
    }
}
