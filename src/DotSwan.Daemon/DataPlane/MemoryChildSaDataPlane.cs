using DotSwan.Ike.TrafficSelectors;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Backends.Memory;
using DotSwan.Ipsec.Driver;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// Child SAs kept in a <see cref="MemoryIpsecDriver"/>: installed, counted and deleted like real ones, but no packet
/// reaches or leaves the host (for tests and machines without TUN). Traps are recorded but never trigger.
/// </summary>
internal sealed class MemoryChildSaDataPlane : IDataPlane
{
    private readonly MemoryIpsecDriver _driver = new();
    private readonly Dictionary<uint, SaId> _inbound = [];
    private readonly Dictionary<uint, SaId> _outbound = [];
    private uint _nextReqId = 1;

    public string Description => "memory (no packets leave the host)";

    public void Start()
    {
    }

    public void Stop()
    {
    }

    public bool TryInstall(ChildSaInstallation installation, out string? error)
    {
        uint reqId = _nextReqId++;
        var inbound = installation.Inbound with { ReqId = reqId };
        var outbound = installation.Outbound with { ReqId = reqId };
        var result = _driver.InstallSa(inbound);
        if (!result.IsOk)
        {
            error = $"inbound SA 0x{installation.InboundSpi:x8}: {result}";
            return false;
        }

        result = _driver.InstallSa(outbound);
        if (!result.IsOk)
        {
            _driver.DeleteSa(inbound.Id);
            error = $"outbound SA 0x{installation.OutboundSpi:x8}: {result}";
            return false;
        }

        _inbound[installation.InboundSpi] = inbound.Id;
        _outbound[installation.OutboundSpi] = outbound.Id;
        error = null;
        return true;
    }

    public void Remove(uint inboundSpi, uint outboundSpi)
    {
        if (_inbound.Remove(inboundSpi, out var inbound))
        {
            _driver.DeleteSa(inbound);
        }

        if (_outbound.Remove(outboundSpi, out var outbound))
        {
            _driver.DeleteSa(outbound);
        }
    }

    public void UpdatePeer(uint outboundSpi, System.Net.IPEndPoint peer)
    {
        // No packets leave this data plane: nothing to redirect.
    }

    public IReadOnlyList<(uint Spi, SaDirection Direction, bool Hard)> CollectExpiries(DateTimeOffset now)
    {
        _driver.Tick();
        var expiries = new List<(uint, SaDirection, bool)>();
        while (_driver.Events.TryRead(out var e))
        {
            switch (e)
            {
                case SoftExpireEvent soft:
                    expiries.Add((soft.Sa.Spi, soft.Sa.Direction, false));
                    break;
                case HardExpireEvent hard:
                    expiries.Add((hard.Sa.Spi, hard.Sa.Direction, true));
                    break;
            }
        }

        return expiries;
    }

    public ChildSaTraffic Traffic(uint inboundSpi, uint outboundSpi)
    {
        SaCounterSnapshot inbound = default, outbound = default;
        _ = _inbound.TryGetValue(inboundSpi, out var inId) && _driver.TryQueryCounters(inId, out inbound);
        _ = _outbound.TryGetValue(outboundSpi, out var outId) && _driver.TryQueryCounters(outId, out outbound);
        return new ChildSaTraffic(inbound.Packets, inbound.Bytes, outbound.Packets, outbound.Bytes, inbound.Drops);
    }

    public void AddTrap(string name, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote)
    {
    }

    public IReadOnlyList<string> TakeTriggeredTraps() => [];

    public void RemoveTrap(string name)
    {
    }

    public IReadOnlyDictionary<string, long> Statistics() => new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["dataplane.sas"] = _driver.SaCount,
    };

    public void Dispose() => _driver.Dispose();
}
