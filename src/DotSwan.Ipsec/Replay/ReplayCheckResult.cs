namespace DotSwan.Ipsec.Replay;

/// <summary>What the anti-replay window says about a received sequence number before its ICV is checked.</summary>
public enum ReplayCheckResult
{
    /// <summary>Not seen before and inside or right of the window: go on and verify the ICV.</summary>
    Ok,
    /// <summary>Inside the window and already received.</summary>
    Duplicate,
    /// <summary>Left of the window (or the never-valid sequence number 0).</summary>
    TooOld,
}
