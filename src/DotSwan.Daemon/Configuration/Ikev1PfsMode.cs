namespace DotSwan.Daemon.Configuration;

/// <summary>IKEv1 perfect forward secrecy beyond what the ESP proposals ask for (<c>pfs_mode</c>, RFC 2409 §5.5 and Appendix B).</summary>
public enum Ikev1PfsMode
{
    /// <summary>No PFS other than a key exchange named in <c>esp_proposals</c> (which runs a Quick Mode DH with that group).</summary>
    None,

    /// <summary>Session key PFS: a fresh DH exchange in every Quick Mode (the ESP proposal's group, else the phase 1 group).</summary>
    Session,

    /// <summary>Master key PFS: one Quick Mode per phase 1 SA; every new IPsec SA pair first negotiates (and authenticates) a new phase 1.</summary>
    Master,
}
