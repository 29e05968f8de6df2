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
    private readonly Dictionary<uint, uint[]> _policies = [];
    private uint _nextReqId = 1;
    private uint _nextPolicyId = 1;

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
        _policies[installation.OutboundSpi] = [.. MemoryPolicies.Install(_driver, reqId, installation, () => _nextPolicyId++)];
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

        if (_policies.Remove(outboundSpi, out var policies))
        {
            foreach (uint policy in policies)
            {
                _driver.DeletePolicy(policy);
            }
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

    /// <summary>
    /// Protects each inner IP packet with the outbound SA its selectors lead to, as a TUN would: the outer packets (IP, ESP)
    /// that would leave the host; packets without an SA are counted as drops and left out.
    /// </summary>
    public IReadOnlyList<byte[]> Protect(IReadOnlyList<byte[]> innerPackets)
    {
        var outer = new List<byte[]>(innerPackets.Count);
        var buffer = new byte[65535];
        foreach (byte[] inner in innerPackets)
        {
            var result = _driver.ProcessOutbound(inner, buffer);
            if (result.Action == OutboundAction.Protected)
            {
                outer.Add(buffer.AsSpan(0, result.Written).ToArray());
            }
        }

        return outer;
    }

    /// <summary>Verifies and decrypts outer packets that reached the host; the inner packets delivered.</summary>
    public IReadOnlyList<byte[]> Deliver(IReadOnlyList<byte[]> outerPackets)
    {
        var delivered = new List<byte[]>(outerPackets.Count);
        foreach (byte[] outer in outerPackets)
        {
            byte[] copy = (byte[])outer.Clone();
            var result = _driver.ProcessInbound(copy);
            if (result.Action == InboundAction.Delivered)
            {
                delivered.Add(copy[result.Packet]);
            }
        }

        return delivered;
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
