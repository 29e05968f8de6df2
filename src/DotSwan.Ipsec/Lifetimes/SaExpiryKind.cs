namespace DotSwan.Ipsec.Lifetimes;

/// <summary>Which lifetime of an SA was reached.</summary>
public enum SaExpiryKind
{
    /// <summary>A soft limit: the IKE engine should rekey the Child SA.</summary>
    Soft,
    /// <summary>A hard limit: the SA no longer passes traffic and should be deleted.</summary>
    Hard,
}
