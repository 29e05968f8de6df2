namespace DotSwan.Ike.Authentication;

/// <summary>When we send our certificate in a CERT payload (strongSwan's <c>send_cert</c>).</summary>
public enum CertificateSendPolicy
{
    /// <summary>Only when the peer sent a CERTREQ (RFC 7296 §3.7; strongSwan's default).</summary>
    IfAsked,

    /// <summary>Always, whether asked or not.</summary>
    Always,

    /// <summary>Never: the peer must have our certificate already.</summary>
    Never,
}
