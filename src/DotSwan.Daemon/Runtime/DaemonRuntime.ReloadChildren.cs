using DotSwan.Daemon.Configuration;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Runtime;

/// <summary>Reload of a connection whose children alone changed, on the loop thread.</summary>
internal sealed partial class DaemonRuntime
{
    /// <summary>
    /// Applies changed children of a connection whose IKE settings did not change: the Child SAs of removed and changed
    /// children are deleted (Delete sent), the IKE SAs take the new children (the peer's new Child SAs are matched against
    /// them), added and changed children get their traps and, with start_action start, come up over the IKE SA. Children
    /// that did not change keep their Child SAs untouched.
    /// </summary>
    private void ReloadChildren(ConnectionConfig old, ConnectionConfig updated, DotSwanConfig next, List<string> changes, DateTimeOffset now)
    {
        var before = old.Children.ToDictionary(c => c.Name, ChildFingerprint, StringComparer.Ordinal);
        var after = updated.Children.ToDictionary(c => c.Name, ChildFingerprint, StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var (name, fingerprint) in before)
        {
            if (after.TryGetValue(name, out var current) && current == fingerprint)
            {
                continue;
            }

            var ids = CloseChildSas(ChildSaName(old.Name, name), now);
            parts.Add($"{(after.ContainsKey(name) ? "changed" : "removed")} child {name}{(ids.Count > 0 ? $" ({ids.Count} Child SA(s) deleted)" : "")}");
        }

        var added = updated.Children.Where(c => !before.TryGetValue(c.Name, out var fingerprint) || fingerprint != after[c.Name]).ToList();
        parts.AddRange(added.Where(c => !before.ContainsKey(c.Name)).Select(c => $"added child {c.Name}"));

        RemoveTraps(old);
        _scheduledStarts.Remove(old.Name);
        _connections.Remove(old.Name);
        AddConnection(updated, next);
        int moved = _engine!.UpdateConnection(_connections[updated.Name].Engine);
        var start = added.Where(c => c.StartAction == ConnectionAction.Start).Select(c => c.Name).ToList();
        if (start.Count > 0)
        {
            StartChildren(updated.Name, start, now);
        }

        _ike.LogInformation("{Connection}: children reloaded on {Count} IKE SA(s): {Changes}", updated.Name, moved, string.Join(", ", parts));
        changes.Add($"changed {updated.Name}: {string.Join(", ", parts)}");
    }
}
