namespace DotSwan.Daemon.Control;

/// <summary>One request line of the control protocol (docs/control-api.md).</summary>
/// <param name="Command">status, list-conns, up, down, stats, keys-export.</param>
/// <param name="Target">The connection, manual tunnel or SA the command is about.</param>
/// <param name="Directory">For keys-export: where to write the Wireshark tables.</param>
/// <param name="TimeoutSeconds">For up: how long to wait for the SA (default 30).</param>
public sealed record ControlRequest(string Command, string? Target = null, string? Directory = null, int? TimeoutSeconds = null);
