namespace DotSwan.Ipsec.Driver;

/// <summary>The outcome of a driver control operation with a human-readable detail when it failed.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Detail">Why it failed (null on success).</param>
public readonly record struct DriverResult(DriverStatus Status, string? Detail = null)
{
    /// <summary>Success.</summary>
    public static DriverResult Ok => new(DriverStatus.Ok);

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsOk => Status == DriverStatus.Ok;

    /// <inheritdoc />
    public override string ToString() => Detail is null ? Status.ToString() : $"{Status}: {Detail}";
}
