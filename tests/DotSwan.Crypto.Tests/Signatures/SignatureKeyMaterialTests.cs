using System.Security.Cryptography;
using DotSwan.Crypto.Signatures;

namespace DotSwan.Crypto.Tests.Signatures;

/// <summary>
/// Signing and verifying keys share one scheme-to-implementation dispatch (<see cref="SignatureKeyMaterial"/>): for every
/// scheme both sides get an implementation of that scheme that agree, and both refuse the same misfits in the same words.
/// </summary>
public sealed class SignatureKeyMaterialTests
{
    public static TheoryData<SignatureScheme> Schemes() => [.. Enum.GetValues<SignatureScheme>()];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Signer_and_verifier_of_every_scheme_agree_and_refuse_the_other_key_types(SignatureScheme scheme)
    {
        byte[] data = scheme is SignatureScheme.Ikev1Rsa or SignatureScheme.Ikev1EcdsaP256 or SignatureScheme.Ikev1EcdsaP384 or SignatureScheme.Ikev1EcdsaP521
            ? SHA256.HashData("IKEv1 signs a hash"u8)
            : "signed octets"u8.ToArray();
        using var fitting = KeyFor(scheme);
        using var publicKey = fitting.GetPublicKey();
        Assert.True(fitting.TryCreateSigner(scheme, out var signer, out var error), error.ToString());
        Assert.True(publicKey.TryCreateVerifier(scheme, out var verifier, out error), error.ToString());
        Assert.Equal(scheme, signer.Scheme);
        Assert.Equal(scheme, verifier.Scheme);
        var signature = signer.Sign(data);
        Assert.True(verifier.Verify(data, signature, out error), error.ToString());
        signature[^1] ^= 1;
        Assert.False(verifier.Verify(data, signature, out error));
        Assert.Equal(CryptoErrorKind.InvalidSignature, error.Kind);

        foreach (var other in new[] { SignatureKeyType.Rsa, SignatureKeyType.Ecdsa, SignatureKeyType.Ed25519 }.Where(t => t != scheme.GetKeyType()))
        {
            using var wrong = KeyOf(other);
            using var wrongPublic = wrong.GetPublicKey();
            Assert.False(wrong.TryCreateSigner(scheme, out _, out var signError));
            Assert.False(wrongPublic.TryCreateVerifier(scheme, out _, out var verifyError));
            Assert.Equal((CryptoErrorKind.Unsupported, CryptoErrorKind.Unsupported), (signError.Kind, verifyError.Kind));
            Assert.Equal($"a {other} key cannot sign {scheme}", signError.Detail);
            Assert.Equal($"a {other} key cannot verify {scheme}", verifyError.Detail);
        }
    }

    private static SigningKey KeyFor(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaP384Sha384 or SignatureScheme.Ikev1EcdsaP384 => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP384)),
        SignatureScheme.EcdsaP521Sha512 or SignatureScheme.Ikev1EcdsaP521 => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP521)),
        _ => KeyOf(scheme.GetKeyType()),
    };

    private static SigningKey KeyOf(SignatureKeyType type) => type switch
    {
        SignatureKeyType.Rsa => SigningKey.FromRsa(RSA.Create(2048)),
        SignatureKeyType.Ecdsa => SigningKey.FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256)),
        _ => SigningKey.FromEd25519Seed(new byte[32]),
    };
}
