namespace DotSwan.Daemon.Configuration;

/// <summary>What to do when the daemon starts (<c>start_action</c>) or when the peer closes an SA (<c>close_action</c>), as in strongSwan.</summary>
public enum ConnectionAction
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Wait for traffic that matches the child's selectors, then initiate.</summary>
    Trap,

    /// <summary>Initiate at once.</summary>
    Start,
}
