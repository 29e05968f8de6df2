namespace DotSwan.Crypto;

/// <summary>IKEv2 key exchange method IDs (IANA "Transform Type 4"); IKEv1 groups use the same numbers.</summary>
public enum KeyExchangeMethod : ushort
{
    /// <summary>NONE.</summary>
    None = 0,
    /// <summary>768-bit MODP group (RFC 2409), "group 1".</summary>
    Modp768 = 1,
    /// <summary>1024-bit MODP group (RFC 2409).</summary>
    Modp1024 = 2,
    /// <summary>1536-bit MODP group (RFC 3526).</summary>
    Modp1536 = 5,
    /// <summary>2048-bit MODP group (RFC 3526).</summary>
    Modp2048 = 14,
    /// <summary>3072-bit MODP group.</summary>
    Modp3072 = 15,
    /// <summary>4096-bit MODP group.</summary>
    Modp4096 = 16,
    /// <summary>6144-bit MODP group.</summary>
    Modp6144 = 17,
    /// <summary>8192-bit MODP group.</summary>
    Modp8192 = 18,
    /// <summary>256-bit random ECP group (RFC 5903).</summary>
    Ecp256 = 19,
    /// <summary>384-bit random ECP group.</summary>
    Ecp384 = 20,
    /// <summary>521-bit random ECP group.</summary>
    Ecp521 = 21,
    /// <summary>brainpoolP224r1 (RFC 6954).</summary>
    Brainpool224 = 27,
    /// <summary>brainpoolP256r1.</summary>
    Brainpool256 = 28,
    /// <summary>brainpoolP384r1.</summary>
    Brainpool384 = 29,
    /// <summary>brainpoolP512r1.</summary>
    Brainpool512 = 30,
    /// <summary>Curve25519 (RFC 8031).</summary>
    Curve25519 = 31,
    /// <summary>Curve448 (RFC 8031).</summary>
    Curve448 = 32,
    /// <summary>ML-KEM-512 (draft-ietf-ipsecme-ikev2-mlkem).</summary>
    MlKem512 = 35,
    /// <summary>ML-KEM-768.</summary>
    MlKem768 = 36,
    /// <summary>ML-KEM-1024.</summary>
    MlKem1024 = 37,
}
