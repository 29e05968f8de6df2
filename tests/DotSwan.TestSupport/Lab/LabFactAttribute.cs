namespace DotSwan.TestSupport.Lab;

/// <summary>
/// A <see cref="FactAttribute"/> for tests that need the strongSwan lab (root, network namespaces, strongSwan, tshark):
/// elsewhere the test is skipped and the skip reason says what is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LabFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the lab cannot run here.</summary>
    public LabFactAttribute()
    {
        if (LabRequirements.MissingReason is { } reason) { Skip = reason; }
    }
}
