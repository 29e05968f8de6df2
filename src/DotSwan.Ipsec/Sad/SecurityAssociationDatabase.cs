using System.Collections.Concurrent;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Ipsec.Sad;

/// <summary>
/// The Security Association Database (RFC 4301 §4.4.2) of the userspace data plane: inbound SAs keyed by
/// (SPI, outer destination, protocol), outbound SAs by an id the caller chooses (like the kernel's reqid).
/// Lookups are lock-free (<see cref="ConcurrentDictionary{TKey, TValue}"/> reads take no lock) and allocate nothing;
/// install, update and delete are atomic per entry. SAs of any number of peers live side by side.
/// <para>
/// Removing an SA does not dispose it: a worker may still hold it. The owner disposes removed SAs once the workers have
/// moved on (the daemon does so at the end of the next batch); <see cref="Dispose"/> disposes all SAs still installed.
/// </para>
/// </summary>
public sealed class SecurityAssociationDatabase : IDisposable
{
    private readonly ConcurrentDictionary<InboundSaKey, SecurityAssociation> _inbound = new();
    private readonly ConcurrentDictionary<uint, SecurityAssociation> _outbound = new();
    private long _unknownSpiDrops;

    /// <summary>How many inbound SAs are installed.</summary>
    public int InboundCount => _inbound.Count;

    /// <summary>How many outbound SAs are installed.</summary>
    public int OutboundCount => _outbound.Count;

    /// <summary>Packets dropped because no inbound SA matched their SPI and destination.</summary>
    public long UnknownSpiDrops => Interlocked.Read(ref _unknownSpiDrops);

    /// <summary>Installs an inbound SA under its <see cref="SecurityAssociation.InboundKey"/>; false if one is installed there already.</summary>
    public bool TryInstallInbound(SecurityAssociation securityAssociation)
    {
        ArgumentNullException.ThrowIfNull(securityAssociation);
        RequireDirection(securityAssociation, SaDirection.Inbound);
        return _inbound.TryAdd(securityAssociation.InboundKey, securityAssociation);
    }

    /// <summary>Installs an outbound SA under <paramref name="id"/>; false if that id is taken.</summary>
    public bool TryInstallOutbound(uint id, SecurityAssociation securityAssociation)
    {
        ArgumentNullException.ThrowIfNull(securityAssociation);
        RequireDirection(securityAssociation, SaDirection.Outbound);
        return _outbound.TryAdd(id, securityAssociation);
    }

    /// <summary>
    /// Atomically replaces the inbound SA with the same key (e.g. new outer addresses after MOBIKE or a NAT mapping change);
    /// false, and nothing changed, if no SA is installed under that key. The replaced SA is returned for the owner to dispose.
    /// </summary>
    public bool TryUpdateInbound(SecurityAssociation securityAssociation, out SecurityAssociation? previous)
    {
        ArgumentNullException.ThrowIfNull(securityAssociation);
        RequireDirection(securityAssociation, SaDirection.Inbound);
        var key = securityAssociation.InboundKey;
        while (_inbound.TryGetValue(key, out previous))
        {
            if (_inbound.TryUpdate(key, securityAssociation, previous))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Atomically points outbound id <paramref name="id"/> at another SA (the switch to the new SA after a rekey);
    /// false, and nothing changed, if the id is not installed. The replaced SA is returned for the owner to dispose.
    /// </summary>
    public bool TryUpdateOutbound(uint id, SecurityAssociation securityAssociation, out SecurityAssociation? previous)
    {
        ArgumentNullException.ThrowIfNull(securityAssociation);
        RequireDirection(securityAssociation, SaDirection.Outbound);
        while (_outbound.TryGetValue(id, out previous))
        {
            if (_outbound.TryUpdate(id, securityAssociation, previous))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes an inbound SA; the owner disposes it when no worker can hold it any longer.</summary>
    public bool TryRemoveInbound(InboundSaKey key, out SecurityAssociation? removed) => _inbound.TryRemove(key, out removed);

    /// <summary>Removes an outbound SA; the owner disposes it when no worker can hold it any longer.</summary>
    public bool TryRemoveOutbound(uint id, out SecurityAssociation? removed) => _outbound.TryRemove(id, out removed);

    /// <summary>Finds an inbound SA (lock-free, no allocation).</summary>
    public bool TryGetInbound(InboundSaKey key, out SecurityAssociation? securityAssociation) => _inbound.TryGetValue(key, out securityAssociation);

    /// <summary>Finds an outbound SA by its id (lock-free, no allocation).</summary>
    public bool TryGetOutbound(uint id, out SecurityAssociation? securityAssociation) => _outbound.TryGetValue(id, out securityAssociation);

    /// <summary>
    /// Finds the inbound SA for the ESP packet in <paramref name="espPacket"/> (SPI through ICV) sent to
    /// <paramref name="destination"/> and decapsulates it in place. Unknown SPIs are counted in <see cref="UnknownSpiDrops"/>,
    /// other drops in the SA's counters. <paramref name="securityAssociation"/> is the SA that processed the packet, if any.
    /// </summary>
    public EspStatus TryDecapsulate(PacketAddress destination, Span<byte> espPacket, out EspDecapsulated result, out SecurityAssociation? securityAssociation)
    {
        result = default;
        securityAssociation = null;
        if (!EspPacket.TryReadHeader(espPacket, out uint spi, out _))
        {
            return EspStatus.TooShort;
        }

        if (!_inbound.TryGetValue(new InboundSaKey(spi, destination, IpsecProtocol.Esp), out securityAssociation))
        {
            Interlocked.Increment(ref _unknownSpiDrops);
            return EspStatus.UnknownSpi;
        }

        return securityAssociation.TryDecapsulate(espPacket, out result);
    }

    /// <summary>
    /// Finds the inbound SA for a whole received IP packet — plain ESP, ESP in UDP (RFC 3948) or AH — by (SPI, destination,
    /// protocol) and decapsulates it in place (<see cref="SecurityAssociation.TryDecapsulatePacket"/>): the payload offsets in
    /// <paramref name="result"/> are into <paramref name="packet"/>. Packets that are none of these give <see cref="EspStatus.WrongProtocol"/>.
    /// </summary>
    public EspStatus TryDecapsulatePacket(Span<byte> packet, out EspDecapsulated result, out SecurityAssociation? securityAssociation)
    {
        result = default;
        securityAssociation = null;
        var kind = Encapsulation.OuterHeader.TryRead(packet, out var outer);
        IpsecProtocol protocol;
        uint spi;
        switch (kind)
        {
            case Encapsulation.OuterPacketKind.Esp or Encapsulation.OuterPacketKind.UdpEsp:
                protocol = IpsecProtocol.Esp;
                EspPacket.TryReadHeader(packet[outer.PayloadRange], out spi, out _);
                break;
            case Encapsulation.OuterPacketKind.Ah:
                protocol = IpsecProtocol.Ah;
                Ah.AhPacket.TryReadHeader(packet[outer.PayloadRange], out _, out _, out spi, out _);
                break;
            case Encapsulation.OuterPacketKind.Malformed:
                return EspStatus.TooShort;
            default:
                return EspStatus.WrongProtocol;
        }

        if (!_inbound.TryGetValue(new InboundSaKey(spi, outer.Destination, protocol), out securityAssociation))
        {
            Interlocked.Increment(ref _unknownSpiDrops);
            return EspStatus.UnknownSpi;
        }

        return securityAssociation.TryDecapsulatePacket(packet, out result);
    }

    /// <summary>
    /// Checks every SA's time lifetimes against <paramref name="now"/> and collects the expiries not reported yet, including
    /// byte and packet limits the data path reached: soft → rekey the Child SA, hard → delete it (the SA already refuses traffic).
    /// </summary>
    public IReadOnlyList<SaExpiryEvent> CheckLifetimes(DateTimeOffset now)
    {
        var events = new List<SaExpiryEvent>();
        foreach (var entry in _inbound)
        {
            entry.Value.CollectExpiries(now, events);
        }

        foreach (var entry in _outbound)
        {
            entry.Value.CollectExpiries(now, events);
        }

        return events;
    }

    /// <summary>Removes and disposes every SA (zeroing their keys).</summary>
    public void Dispose()
    {
        foreach (var key in _inbound.Keys)
        {
            if (_inbound.TryRemove(key, out var sa))
            {
                sa.Dispose();
            }
        }

        foreach (var id in _outbound.Keys)
        {
            if (_outbound.TryRemove(id, out var sa))
            {
                sa.Dispose();
            }
        }
    }

    private static void RequireDirection(SecurityAssociation securityAssociation, SaDirection direction)
    {
        if (securityAssociation.Direction != direction)
        {
            throw new ArgumentException($"expected an {direction} SA, got {securityAssociation.Direction}", nameof(securityAssociation));
        }
    }
}
