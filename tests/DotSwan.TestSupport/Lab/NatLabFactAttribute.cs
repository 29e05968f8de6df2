namespace DotSwan.TestSupport.Lab;

/// <summary>A <see cref="LabFactAttribute"/> for tests with a <see cref="NatNamespaceTriple"/>: also skipped when iptables or conntrack is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NatLabFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the lab or iptables is missing.</summary>
    public NatLabFactAttribute()
    {
        if (LabRequirements.MissingReason is { } reason) { Skip = reason; }
        else if (LabRequirements.FindOnPath("iptables") is null || LabRequirements.FindOnPath("conntrack") is null)
        {
            Skip = "iptables or conntrack is missing for the NAT router namespace (./test.sh as root installs them)";
        }
    }
}
