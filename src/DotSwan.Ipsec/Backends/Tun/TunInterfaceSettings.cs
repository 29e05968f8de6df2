namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>How a TUN interface is set up: MTU, an optional address and the routes that steer traffic into it.</summary>
public sealed record TunInterfaceSettings
{
    /// <summary>The MTU libipsec uses as well: room for ESP, UDP and the outer IP header inside a 1500-byte path.</summary>
    public const int DefaultMtu = 1400;

    /// <summary>
    /// The default queue of packets the kernel holds for the reader: 2000, where Linux gives a TUN device 500. A TCP burst
    /// (one GSO segment becomes dozens of packets) must fit while the reader thread is not running; with 500 the lab lost
    /// thousands of packets per second there, and TCP through the tunnel stalled on retransmissions.
    /// </summary>
    public const int DefaultTransmitQueueLength = 2000;

    private readonly int _mtu = DefaultMtu;
    private readonly int _transmitQueueLength = DefaultTransmitQueueLength;

    /// <summary>The interface MTU (576 to 65535); <see cref="DefaultMtu"/> unless set.</summary>
    public int Mtu
    {
        get => _mtu;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 576);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535);
            _mtu = value;
        }
    }

    /// <summary>The device's txqueuelen: packets routed into it that wait for the reader (1 to 100000).</summary>
    public int TransmitQueueLength
    {
        get => _transmitQueueLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100_000);
            _transmitQueueLength = value;
        }
    }

    /// <summary>An address in `ip address` syntax (e.g. 10.1.0.1/32), or null for none (the inner address may live on lo).</summary>
    public string? Address { get; init; }

    /// <summary>Prefixes routed into the device (the remote traffic selectors), in `ip route` syntax.</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];
}
