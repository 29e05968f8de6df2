namespace DotSwan.Ipsec.Driver;

/// <summary>The outcome of a driver control operation.</summary>
public enum DriverStatus
{
    /// <summary>Done.</summary>
    Ok,
    /// <summary>An SA or policy with that id is installed already.</summary>
    AlreadyExists,
    /// <summary>No SA or policy with that id is installed.</summary>
    NotFound,
    /// <summary>The request is not valid (unsupported algorithm, wrong key length, …); the detail says why.</summary>
    Invalid,
}
