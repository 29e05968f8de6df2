namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// A fixed map from inbound SPI to the remote prefixes its inner packets may come from (the remote traffic selectors);
/// an SA missing from the map carries nothing. For manual keying and tests; the SPD replaces it with IKE.
/// </summary>
public sealed class StaticInboundPolicy : IInboundPolicy
{
    private readonly Dictionary<uint, IpPrefix[]> _sources;

    /// <summary>Creates the policy from SPI → allowed inner source prefixes (copied).</summary>
    public StaticInboundPolicy(IReadOnlyDictionary<uint, IReadOnlyList<IpPrefix>> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray());
    }

    /// <inheritdoc />
    public bool Allows(SecurityAssociation securityAssociation, PacketAddress source, PacketAddress destination)
    {
        ArgumentNullException.ThrowIfNull(securityAssociation);
        if (!_sources.TryGetValue(securityAssociation.Spi, out var prefixes))
        {
            return false;
        }

        foreach (var prefix in prefixes)
        {
            if (prefix.Contains(source))
            {
                return true;
            }
        }

        return false;
    }
}
