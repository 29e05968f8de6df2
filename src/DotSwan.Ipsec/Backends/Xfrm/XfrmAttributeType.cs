namespace DotSwan.Ipsec.Backends.Xfrm;

/// <summary>The XFRM netlink attributes this backend writes (linux/xfrm.h, enum xfrm_attr_type_t).</summary>
public enum XfrmAttributeType : ushort
{
    /// <summary>XFRMA_ALG_CRYPT: struct xfrm_algo, the cipher of a non-AEAD ESP SA.</summary>
    EncryptionAlgorithm = 2,
    /// <summary>XFRMA_ENCAP: struct xfrm_encap_tmpl, UDP encapsulation (RFC 3948).</summary>
    Encapsulation = 4,
    /// <summary>XFRMA_TMPL: struct xfrm_user_tmpl, what SA a policy asks for.</summary>
    Template = 5,
    /// <summary>XFRMA_ALG_AEAD: struct xfrm_algo_aead.</summary>
    AeadAlgorithm = 18,
    /// <summary>XFRMA_ALG_AUTH_TRUNC: struct xfrm_algo_auth, the integrity algorithm with its ICV length.</summary>
    TruncatedAuthenticationAlgorithm = 20,
    /// <summary>XFRMA_REPLAY_ESN_VAL: struct xfrm_replay_state_esn, for ESN and for windows over 32 packets.</summary>
    ReplayStateEsn = 23,
}
