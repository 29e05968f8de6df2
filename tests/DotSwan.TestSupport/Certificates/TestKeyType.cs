namespace DotSwan.TestSupport.Certificates;

/// <summary>Key types of test certificates.</summary>
public enum TestKeyType
{
    /// <summary>RSA-2048; certificates signed with PKCS#1 v1.5 SHA-256.</summary>
    Rsa,

    /// <summary>RSA-2048; certificates signed with RSASSA-PSS SHA-256.</summary>
    RsaPss,

    /// <summary>ECDSA on P-256, SHA-256.</summary>
    EcdsaP256,

    /// <summary>ECDSA on P-384, SHA-384.</summary>
    EcdsaP384,
}
