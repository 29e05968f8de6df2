namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// A fixed list of (remote prefix → outbound SA and peer): the longest matching prefix wins. For manual keying and tests;
/// the SPD replaces it once IKE installs policies.
/// </summary>
public sealed class StaticOutboundPolicy : IOutboundPolicy
{
    private readonly OutboundRoute[] _routes;

    /// <summary>Creates the policy from <paramref name="routes"/> (copied, longest prefix first).</summary>
    public StaticOutboundPolicy(IEnumerable<OutboundRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = [.. routes.OrderByDescending(route => route.Destination.Length)];
    }

    /// <summary>The routes, longest prefix first.</summary>
    public IReadOnlyList<OutboundRoute> Routes => _routes;

    /// <inheritdoc />
    public bool TryFind(PacketAddress source, PacketAddress destination, out OutboundRoute? route)
    {
        foreach (var candidate in _routes)
        {
            if (candidate.Destination.Contains(destination))
            {
                route = candidate;
                return true;
            }
        }

        route = null;
        return false;
    }
}
