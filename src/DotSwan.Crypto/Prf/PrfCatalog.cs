namespace DotSwan.Crypto.Prf;

/// <summary>Sizes of every PRF we implement, and the factory behind them.</summary>
internal static class PrfCatalog
{
    /// <summary>Describes a PRF.</summary>
    public static bool TryDescribe(PrfAlgorithm algorithm, out PrfTransformInfo info)
    {
        info = algorithm switch
        {
            PrfAlgorithm.HmacMd5 => new(algorithm, 16, 16),
            PrfAlgorithm.HmacSha1 => new(algorithm, 20, 20),
            PrfAlgorithm.Aes128Xcbc => new(algorithm, 16, 16),
            PrfAlgorithm.HmacSha256 => new(algorithm, 32, 32),
            PrfAlgorithm.HmacSha384 => new(algorithm, 48, 48),
            PrfAlgorithm.HmacSha512 => new(algorithm, 64, 64),
            PrfAlgorithm.Aes128Cmac => new(algorithm, 16, 16),
            _ => default,
        };
        return info.OutputLength != 0;
    }

    /// <summary>Creates a PRF.</summary>
    public static bool TryCreate(PrfAlgorithm algorithm, out IPrf? prf, out CryptoError error)
    {
        bool ok;
        if (algorithm is PrfAlgorithm.Aes128Xcbc or PrfAlgorithm.Aes128Cmac)
        {
            ok = AesMacPrf.TryCreate(algorithm, out var aes, out error);
            prf = aes;
            return ok;
        }

        ok = HmacPrf.TryCreate(algorithm, out var hmac, out error);
        prf = hmac;
        return ok;
    }
}
