namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// The PRFs the KDF tests run on: the real ones from <see cref="TransformRegistry"/> (the legacy registry for
/// PRF_HMAC_MD5, which the default one refuses), and <see cref="TestHmacPrf"/> only for HMAC-SHA-224, which ACVP uses
/// but IKE has no transform for.
/// </summary>
internal static class KdfPrfs
{
    /// <summary>The real PRF of <paramref name="algorithm"/>.</summary>
    public static IPrf Create(PrfAlgorithm algorithm)
    {
        var registry = algorithm == PrfAlgorithm.HmacMd5 ? TransformRegistry.WithLegacy : TransformRegistry.Default;
        Assert.True(registry.TryCreatePrf(algorithm, out var prf, out var error), error.ToString());
        Assert.Equal(algorithm, prf!.Algorithm);
        return prf;
    }

    /// <summary>The PRF for an ACVP hash name ("MD5", "SHA-1", "SHA2-224", "SHA2-256", "SHA2-384", "SHA2-512").</summary>
    public static IPrf ForHash(string acvpHash) => acvpHash switch
    {
        "MD5" => Create(PrfAlgorithm.HmacMd5),
        "SHA-1" => Create(PrfAlgorithm.HmacSha1),
        "SHA2-224" => new TestHmacPrf(),
        "SHA2-256" => Create(PrfAlgorithm.HmacSha256),
        "SHA2-384" => Create(PrfAlgorithm.HmacSha384),
        "SHA2-512" => Create(PrfAlgorithm.HmacSha512),
        _ => throw new ArgumentException($"unknown hash {acvpHash}", nameof(acvpHash)),
    };
}
