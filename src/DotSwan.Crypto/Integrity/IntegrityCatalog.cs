namespace DotSwan.Crypto.Integrity;

/// <summary>Sizes of every integrity transform we implement, and the factory behind them.</summary>
internal static class IntegrityCatalog
{
    /// <summary>Describes an integrity transform; <see cref="IntegrityAlgorithm.None"/> is not one (AEADs carry their own ICV).</summary>
    public static bool TryDescribe(IntegrityAlgorithm algorithm, out IntegrityTransformInfo info)
    {
        info = algorithm switch
        {
            IntegrityAlgorithm.HmacMd596 => new(algorithm, 16, 12),
            IntegrityAlgorithm.HmacSha196 => new(algorithm, 20, 12),
            IntegrityAlgorithm.AesXcbc96 => new(algorithm, 16, 12),
            IntegrityAlgorithm.AesCmac96 => new(algorithm, 16, 12),
            IntegrityAlgorithm.HmacSha256128 => new(algorithm, 32, 16),
            IntegrityAlgorithm.HmacSha384192 => new(algorithm, 48, 24),
            IntegrityAlgorithm.HmacSha512256 => new(algorithm, 64, 32),
            _ => default,
        };
        return info.KeyLength != 0;
    }

    /// <summary>Creates and keys an integrity transform.</summary>
    public static bool TryCreate(IntegrityAlgorithm algorithm, ReadOnlySpan<byte> key, out IIntegrity? integrity, out CryptoError error)
    {
        bool ok;
        if (algorithm is IntegrityAlgorithm.AesXcbc96 or IntegrityAlgorithm.AesCmac96)
        {
            ok = AesMacIntegrity.TryCreate(algorithm, key, out var aes, out error);
            integrity = aes;
            return ok;
        }

        ok = HmacIntegrity.TryCreate(algorithm, key, out var hmac, out error);
        integrity = hmac;
        return ok;
    }
}
