using CsCheck;
using DotSwan.Crypto.Kdf;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>Sizes that come off the wire (nonces, KE values, key lengths from proposals) never make the derivations throw.</summary>
public sealed class UntrustedSizeTests
{
    private static readonly Gen<int> AnyLength = Gen.OneOf(Gen.Int[-5, 300], Gen.Int[int.MaxValue - 5, int.MaxValue], Gen.Int[int.MinValue, -1]);

    [Fact]
    public void Ikev2_derivations_return_a_result_for_any_sizes()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 600], AnyLength, AnyLength, AnyLength).Sample(
            (ni, nr, gir, prfKey, integrity, encryption) =>
            {
                using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha256);
                using var xcbc = KdfPrfs.Create(PrfAlgorithm.Aes128Xcbc);
                Ikev2KeyDerivation.TryComputeSkeyseed(xcbc, ni, nr, gir, out SecretBytes? fixedKeySeed, out _);
                fixedKeySeed?.Dispose();
                if (Ikev2KeyDerivation.TryComputeSkeyseed(prf, ni, nr, gir, out SecretBytes? seed, out _))
                {
                    using (seed)
                    {
                        Ikev2KeyDerivation.TryDeriveIkeSaKeys(prf, seed!.ReadOnlySpan, ni, nr, 1, 2,
                            new IkeSaKeyLengths(prfKey, integrity, encryption), out IkeSaKeys? keys, out _);
                        keys?.Dispose();
                    }
                }

                Ikev2KeyDerivation.TryDeriveChildSaKeys(prf, gir, gir, ni, nr, new ChildSaKeyLengths(encryption, integrity), out ChildSaKeys? child, out _);
                child?.Dispose();
            }, iter: 300);
    }

    [Fact]
    public void Ikev1_derivations_return_a_result_for_any_sizes()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 600], AnyLength, AnyLength, Gen.Int[0, 40], Gen.Int[-3, 40]).Sample(
            (nonce, gxy, encryption, integrity, ciphertextLength, blockSize) =>
            {
                using var prf = KdfPrfs.Create(PrfAlgorithm.HmacSha1);
                Ikev1KeyDerivation.TryComputeSkeyidSignature(prf, nonce, nonce, gxy, out SecretBytes? skeyid, out _);
                using (skeyid)
                {
                    Ikev1KeyDerivation.TryDeriveKeys(prf, skeyid!.ReadOnlySpan, gxy, 1, 2, out Ikev1Keys? keys, out _);
                    keys?.Dispose();
                }

                Ikev1KeyDerivation.TryDeriveQuickModeKeys(prf, gxy, gxy, 3, 1, 2, nonce, nonce, new ChildSaKeyLengths(encryption, integrity),
                    out ChildSaKeys? child, out _);
                child?.Dispose();
                if (Ikev1IvState.TryCreatePhase1(Ikev1HashFunction.Sha1, gxy, gxy, blockSize, out Ikev1IvState? iv, out _))
                {
                    iv!.TryAdvance(new byte[ciphertextLength], out _);
                }
            }, iter: 300);
    }
}
