namespace DotSwan.TestSupport.Lab;

/// <summary>A <see cref="TheoryAttribute"/> that skips, saying what is missing, when the strongSwan lab cannot run here.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LabTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the lab cannot run here.</summary>
    public LabTheoryAttribute()
    {
        if (LabRequirements.MissingReason is { } reason) { Skip = reason; }
    }
}
