using DotSwan.Daemon.Configuration;
using DotSwan.Daemon.Control;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// Several children per connection (as strongSwan's <c>children</c>): the first one asked for is negotiated in IKE_AUTH,
/// the others with CREATE_CHILD_SA over the same IKE SA; traps, <c>up</c>, <c>down</c> and reload work per child. A
/// child's Child SAs are named <c>CONNECTION/CHILD</c>. Loop thread only.
/// </summary>
internal sealed partial class DaemonRuntime
{
    // A child asked for and not up after this long may be asked for again (its CREATE_CHILD_SA failed or was lost).
    private static readonly TimeSpan PendingChildTimeout = TimeSpan.FromSeconds(30);

    internal static string ChildSaName(string connection, string child) => $"{connection}/{child}";

    /// <summary>
    /// Finds a child by <c>CONNECTION/CHILD</c> or by a child name that only one connection has.
    /// </summary>
    private bool TryFindChildTarget(string target, out ConnectionConfig connection, out ChildConfig child)
    {
        connection = null!;
        child = null!;
        bool qualified = target.Contains('/', StringComparison.Ordinal);
        var matches = new List<(ConnectionConfig Connection, ChildConfig Child)>();
        foreach (var (config, _) in _connections.Values)
        {
            foreach (var c in config.Children)
            {
                bool match = qualified ? target == ChildSaName(config.Name, c.Name) : target == c.Name;
                if (match)
                {
                    matches.Add((config, c));
                }
            }
        }

        if (matches.Count != 1)
        {
            return false;
        }

        (connection, child) = matches[0];
        return true;
    }

    /// <summary>The established IKE SA of <paramref name="connection"/> (the newest), or null.</summary>
    private IkeSaRecord? EstablishedIkeSa(string connection) =>
        _ikeSas.Values.Where(r => r.Connection == connection && _engine!.GetState(r.Id) == IkeSaState.Established)
            .OrderByDescending(r => r.EstablishedAt).FirstOrDefault();

    /// <summary>An IKE SA of <paramref name="connection"/> that we initiated and that is still being set up, or null.</summary>
    private IkeSaRecord? IkeSaInProgress(string connection) =>
        _ikeSas.Values.FirstOrDefault(r => r.Connection == connection && r.Initiator
            && _engine!.GetState(r.Id) is IkeSaState.SaInitSent or IkeSaState.AuthSent);

    private bool IsChildUp(ulong ikeInitiatorSpi, string childSaName) =>
        _children.Values.Any(c => c.IkeInitiatorSpi == ikeInitiatorSpi && c.Name == childSaName);

    private bool IsChildUpOrPending(IkeSaRecord ike, string connection, string child, DateTimeOffset now) =>
        IsChildUp(ike.InitiatorSpi, ChildSaName(connection, child))
        || (ike.HasPendingChildren && ike.PendingChildren.TryGetValue(child, out var asked) && now - asked < PendingChildTimeout);

    /// <summary>
    /// Brings up <paramref name="children"/> of <paramref name="connectionName"/> (in this order): over its established
    /// IKE SA with CREATE_CHILD_SA, else with a new IKE SA that negotiates the first of them in IKE_AUTH and the others
    /// right after. Children up or already asked for are skipped. Returns the IKE SA and the children asked for now.
    /// </summary>
    private (IkeSaRecord? Ike, List<string> Asked) StartChildren(string connectionName, List<string> children, DateTimeOffset now)
    {
        if (_ikev1Connections.ContainsKey(connectionName))
        {
            // IKEv1: one IPsec SA per connection, after Main (or Aggressive) Mode.
            return !HasActiveSa(connectionName) && Initiate(connectionName, now) is { } v1 ? (Record(v1.InitiatorSpi), [.. children]) : (null, []);
        }

        if (!_connections.TryGetValue(connectionName, out var connection) || children.Count == 0)
        {
            return (null, []);
        }

        var asked = new List<string>();
        if (EstablishedIkeSa(connectionName) is { } ike)
        {
            foreach (string child in children.Where(c => !IsChildUpOrPending(ike, connectionName, c, now)))
            {
                if (connection.Engine.Children.FirstOrDefault(c => c.Name == child) is { } engineChild)
                {
                    ike.PendingChildren[child] = now;
                    asked.Add(child);
                    _ike.LogInformation("{Connection}: creating Child SA {Child} over IKE SA {Id}", connectionName, child, FormatId(ike.Id));
                    Handle(_engine!.CreateChildSa(ike.Id, engineChild, now), now);
                }
            }

            return (ike, asked);
        }

        if (IkeSaInProgress(connectionName) is { } starting)
        {
            foreach (string child in children.Where(c => !starting.PendingChildren.ContainsKey(c)))
            {
                starting.PendingChildren[child] = now;
                starting.FollowUpChildren.Add(child);
                asked.Add(child);
            }

            return (starting, asked);
        }

        var id = Initiate(connectionName, now, children);
        return (id is { } started ? Record(started.InitiatorSpi) : null, [.. children]);
    }

    /// <summary>The engine connection that negotiates <paramref name="firstChild"/> in IKE_AUTH.</summary>
    private static Ikev2Connection StartingWith(Ikev2Connection connection, string? firstChild) =>
        firstChild is null || connection.FirstChild.Name == firstChild
            ? connection
            : connection.Children.FirstOrDefault(c => c.Name == firstChild) is { } child ? connection.StartingWith(child) : connection;

    /// <summary>After our IKE_AUTH: CREATE_CHILD_SA for the children asked for besides the one in IKE_AUTH.</summary>
    private void CreateFollowUpChildren(IkeSaRecord record, DateTimeOffset now)
    {
        if (!record.HasFollowUpChildren || !_connections.TryGetValue(record.Connection, out var connection))
        {
            return;
        }

        var children = record.FollowUpChildren.ToList();
        record.FollowUpChildren.Clear();
        foreach (string child in children)
        {
            if (connection.Engine.Children.FirstOrDefault(c => c.Name == child) is { } engineChild)
            {
                record.PendingChildren[child] = now;
                _ike.LogInformation("{Connection}: creating Child SA {Child} over IKE SA {Id}", record.Connection, child, FormatId(record.Id));
                Handle(_engine!.CreateChildSa(record.Id, engineChild, now), now);
            }
        }
    }

    private void OnChildEstablished(ChildSaEstablished child)
    {
        if (_ike.IsEnabled(LogLevel.Information))
        {
            _ike.LogInformation("{Connection}: Child SA {Child} established, SPIs in 0x{In:x8} out 0x{Out:x8}, {Description}",
                child.Connection, child.Child, child.InboundSpi, child.OutboundSpi, child.Description);
        }

        // Only a `dotswan up` waits for this; a responder's SAs have no waiter.
        var record = Record(child.IkeSa.InitiatorSpi);
        if (record.HasPendingChildren)
        {
            record.PendingChildren.Remove(child.Child);
        }

        if (!_upWaiters.ContainsKey(child.IkeSa.InitiatorSpi))
        {
            return;
        }

        record.UpDetails.Add(record.AwaitedChildren.Count > 1 || record.UpDetails.Count > 0
            ? $"Child SA {child.Child} in 0x{child.InboundSpi:x8} out 0x{child.OutboundSpi:x8}"
            : $"Child SA in 0x{child.InboundSpi:x8} out 0x{child.OutboundSpi:x8}");
        record.AwaitedChildren.Remove(child.Child);
        if (record.AwaitedChildren.Count == 0)
        {
            string detail = $"established, {string.Join(", ", record.UpDetails)}";
            record.UpDetails.Clear();
            Complete(child.IkeSa.InitiatorSpi, ControlResponse.Success(new ActionResult(child.Connection, [FormatId(child.IkeSa)], detail)));
        }
    }

    /// <summary>Traps per child: traffic of one child's selectors brings up that child.</summary>
    private void AddTraps(ConnectionConfig connection, Ikev2Connection engine)
    {
        foreach (var child in connection.Children.Where(c => c.StartAction == ConnectionAction.Trap))
        {
            var engineChild = engine.Children.First(c => c.Name == child.Name);
            _dataPlane!.AddTrap(ChildSaName(connection.Name, child.Name), engineChild.LocalTrafficSelectors, engineChild.RemoteTrafficSelectors);
        }
    }

    private void RemoveTraps(ConnectionConfig connection)
    {
        foreach (var child in connection.Children)
        {
            _dataPlane!.RemoveTrap(ChildSaName(connection.Name, child.Name));
        }
    }

    private void OnTrap(string trap, DateTimeOffset now)
    {
        int slash = trap.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            // An IKEv1 connection's trap (named after the connection).
            if (!HasActiveSa(trap))
            {
                _ike.LogInformation("{Connection}: traffic matched its trap, initiating", trap);
                Initiate(trap, now);
            }

            return;
        }

        string connection = trap[..slash];
        string child = trap[(slash + 1)..];
        var ike = EstablishedIkeSa(connection) ?? IkeSaInProgress(connection);
        if (ike is not null && (IsChildUpOrPending(ike, connection, child, now) || (ike.HasFollowUpChildren && ike.FollowUpChildren.Contains(child))))
        {
            return;
        }

        _ike.LogInformation("{Connection}: traffic matched its trap, initiating child {Child}", connection, child);
        StartChildren(connection, [child], now);
    }

    /// <summary>The children to start at startup, on a reload that adds them, and after a close action.</summary>
    private static List<string> ChildrenToStart(ConnectionConfig connection) =>
        [.. connection.Children.Where(c => c.StartAction == ConnectionAction.Start || c.CloseAction == ConnectionAction.Start).Select(c => c.Name)];

    /// <summary>Sends a Delete for every Child SA of <paramref name="childSaName"/> (<c>CONNECTION/CHILD</c>); how many.</summary>
    private List<string> CloseChildSas(string childSaName, DateTimeOffset now)
    {
        var ids = new List<string>();
        foreach (var child in _children.Values.Where(c => c.Name == childSaName && c.IkeInitiatorSpi is not null).ToList())
        {
            var ike = Record(child.IkeInitiatorSpi!.Value);
            Handle(_engine!.CloseChildSa(ike.Id, child.InboundSpi, now), now);
            ids.Add(FormatId(ike.Id));
        }

        return ids;
    }
}
