namespace DotSwan.Ipsec.Spd;

/// <summary>
/// The traffic a policy covers (RFC 4301 §4.4.1.1): local and remote prefixes of one address family, an IP protocol
/// (null for any) and local and remote port ranges. "Local" and "remote" are this host's side and the peer's side, so one
/// selector serves both the outbound and the inbound policy of a Child SA.
/// </summary>
public sealed record PolicySelector
{
    /// <summary>Creates a selector; both prefixes must be of one address family.</summary>
    public PolicySelector(AddressPrefix local, AddressPrefix remote, byte? protocol = null, PortRange? localPorts = null, PortRange? remotePorts = null)
    {
        if (local.IsIpv6 != remote.IsIpv6)
        {
            throw new ArgumentException("local and remote prefixes must be of one address family", nameof(remote));
        }

        Local = local;
        Remote = remote;
        Protocol = protocol;
        LocalPorts = localPorts ?? PortRange.Any;
        RemotePorts = remotePorts ?? PortRange.Any;
    }

    /// <summary>This host's side.</summary>
    public AddressPrefix Local { get; }

    /// <summary>The peer's side.</summary>
    public AddressPrefix Remote { get; }

    /// <summary>The IP protocol, or null for any.</summary>
    public byte? Protocol { get; }

    /// <summary>The local ports.</summary>
    public PortRange LocalPorts { get; }

    /// <summary>The remote ports.</summary>
    public PortRange RemotePorts { get; }

    /// <summary>Whether this is an IPv6 selector.</summary>
    public bool IsIpv6 => Local.IsIpv6;

    /// <summary>
    /// How narrow the selector is, for ordering policies of equal priority: longer prefixes first, then a given protocol,
    /// then narrower port ranges. Larger is more specific.
    /// </summary>
    public long Specificity
        => ((long)(Local.PrefixLength + Remote.PrefixLength) << 20)
           + (Protocol.HasValue ? 1L << 18 : 0)
           + (2L * 65536 - LocalPorts.Width - RemotePorts.Width);

    /// <summary>Whether a packet going <paramref name="direction"/> matches. Allocates nothing.</summary>
    public bool Matches(PolicyDirection direction, in PacketSelector packet)
    {
        bool outbound = direction == PolicyDirection.Out;
        var local = outbound ? packet.Source : packet.Destination;
        var remote = outbound ? packet.Destination : packet.Source;
        ushort localPort = outbound ? packet.SourcePort : packet.DestinationPort;
        ushort remotePort = outbound ? packet.DestinationPort : packet.SourcePort;
        return Local.Contains(local)
               && Remote.Contains(remote)
               && (Protocol is not { } protocol || protocol == packet.Protocol)
               && LocalPorts.Contains(localPort)
               && RemotePorts.Contains(remotePort);
    }

    /// <inheritdoc />
    public override string ToString()
        => $"{Local}[{LocalPorts}] <-> {Remote}[{RemotePorts}] proto {(Protocol is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "any")}";
}
