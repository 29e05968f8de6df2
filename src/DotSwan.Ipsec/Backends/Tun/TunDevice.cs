using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// A Linux TUN device (layer 3, no packet-information prefix): one read returns one IP packet, one write injects one
/// (with offloads, each behind a virtio-net header, see <see cref="Open(string, TunOffloads)"/>).
/// Opened in the caller's network namespace through /dev/net/tun and TUNSETIFF; not persistent, so it disappears when
/// disposed. Reads and writes use caller-provided buffers and allocate nothing. One thread may read while another writes.
/// </summary>
public sealed unsafe class TunDevice : IDisposable
{
    private readonly SafeFileHandle _handle;

    private TunDevice(SafeFileHandle handle, string name, TunOffloads offloads)
    {
        _handle = handle;
        Name = name;
        Offloads = offloads;
    }

    /// <summary>The interface name the kernel gave the device.</summary>
    public string Name { get; }

    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public bool IsClosed => _handle.IsClosed;

    /// <summary>
    /// Creates the TUN interface <paramref name="name"/> (at most 15 bytes; "dsw%d" lets the kernel number it).
    /// Configuration, not packet input: failures throw <see cref="IOException"/>.
    /// </summary>
    public static TunDevice Open(string name) => Open(name, TunOffloads.None);

    /// <summary>
    /// Creates the TUN interface <paramref name="name"/> and asks the kernel for <paramref name="offloads"/>: then every
    /// read and write carries a virtio-net header (<see cref="HasVirtioHeader"/>) and reads may return TCP/UDP
    /// super-segments. What the kernel refuses is dropped from the request (UDP segmentation first, then all: the device
    /// is then reopened without the header); <see cref="Offloads"/> tells what was granted.
    /// </summary>
    public static TunDevice Open(string name, TunOffloads offloads)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        byte[] nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length >= TunNative.InterfaceNameSize)
        {
            throw new ArgumentException($"interface names have at most {TunNative.InterfaceNameSize - 1} bytes", nameof(name));
        }

        if ((offloads & (TunOffloads.TcpSegmentation | TunOffloads.UdpSegmentation)) != 0)
        {
            // Segmentation offloads need the checksum offload.
            offloads |= TunOffloads.Checksum;
        }

        if (offloads != TunOffloads.None)
        {
            var handle = OpenHandle(name, nameBytes, withHeader: true, out string actual, out int errno);
            if (handle is not null)
            {
                var granted = SetOffloads(handle, offloads);
                if (granted == TunOffloads.None && (offloads & TunOffloads.UdpSegmentation) != 0)
                {
                    granted = SetOffloads(handle, offloads & ~TunOffloads.UdpSegmentation);
                }

                if (granted != TunOffloads.None)
                {
                    return new TunDevice(handle, actual, granted);
                }

                // Closing a non-persistent device removes the interface, so the name is free again.
                handle.Dispose();
            }
            else if (errno != TunNative.ErrorInvalidArgument)
            {
                throw new IOException($"TUNSETIFF {name} failed: errno {errno}");
            }
        }

        var plain = OpenHandle(name, nameBytes, withHeader: false, out string plainName, out int plainErrno)
            ?? throw new IOException($"TUNSETIFF {name} failed: errno {plainErrno}");
        return new TunDevice(plain, plainName, TunOffloads.None);
    }

    private static SafeFileHandle? OpenHandle(string name, byte[] nameBytes, bool withHeader, out string actual, out int errno)
    {
        actual = name;
        // Non-blocking: a read tries first and polls only when the queue is empty (one syscall per packet under load).
        int fd = TunNative.Open("/dev/net/tun", TunNative.OpenReadWrite | TunNative.OpenCloseOnExec | TunNative.OpenNonBlocking);
        if (fd < 0)
        {
            throw new IOException($"open /dev/net/tun failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        byte* request = stackalloc byte[TunNative.InterfaceRequestLength];
        var requestSpan = new Span<byte>(request, TunNative.InterfaceRequestLength);
        requestSpan.Clear();
        nameBytes.CopyTo(requestSpan);
        // struct ifreq: char ifr_name[16]; then the union, whose first member here is short ifr_flags (native order).
        short flags = (short)(TunNative.IffTun | TunNative.IffNoPi | (withHeader ? TunNative.IffVnetHdr : 0));
        MemoryMarshal.Write(requestSpan[TunNative.InterfaceNameSize..], flags);
        if (TunNative.Ioctl(fd, TunNative.TunSetIff, request) < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return null;
        }

        errno = 0;
        int nameLength = requestSpan[..TunNative.InterfaceNameSize].IndexOf((byte)0);
        actual = Encoding.ASCII.GetString(requestSpan[..(nameLength < 0 ? TunNative.InterfaceNameSize : nameLength)]);
        return handle;
    }

    // TUNSETOFFLOAD takes the flags by value; None when the kernel refuses them.
    private static TunOffloads SetOffloads(SafeFileHandle handle, TunOffloads offloads)
    {
        uint flags = 0;
        flags |= (offloads & TunOffloads.Checksum) != 0 ? TunNative.TunFChecksum : 0;
        flags |= (offloads & TunOffloads.TcpSegmentation) != 0 ? TunNative.TunFTso4 | TunNative.TunFTso6 : 0;
        flags |= (offloads & TunOffloads.UdpSegmentation) != 0 ? TunNative.TunFUso4 | TunNative.TunFUso6 : 0;
        return TunNative.Ioctl((int)handle.DangerousGetHandle(), TunNative.TunSetOffload, (byte*)(nuint)flags) < 0 ? TunOffloads.None : offloads;
    }

    /// <summary>The offloads the kernel granted; <see cref="TunOffloads.None"/> for a plain device.</summary>
    public TunOffloads Offloads { get; }

    /// <summary>
    /// Whether every read and write starts with a <c>struct virtio_net_hdr</c> (10 bytes): <see cref="TryRead"/> returns it
    /// in front of the packet and <see cref="TryWrite"/> expects it.
    /// </summary>
    public bool HasVirtioHeader => Offloads != TunOffloads.None;

    /// <summary>
    /// Waits at most <paramref name="timeoutMilliseconds"/> for a packet and reads it into <paramref name="buffer"/>.
    /// True with its length when one arrived; false on timeout, interruption or a closed device. A packet longer than the
    /// buffer is cut (size buffers by the MTU). Never throws on packet data.
    /// </summary>
    public bool TryRead(Span<byte> buffer, int timeoutMilliseconds, out int length)
    {
        length = 0;
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            int fd = (int)_handle.DangerousGetHandle();
            nint read;
            fixed (byte* pointer = buffer)
            {
                read = TunNative.Read(fd, pointer, (nuint)buffer.Length);
                if (read < 0)
                {
                    // Empty (EAGAIN) or interrupted: wait for the next packet, then read once more.
                    var poll = new TunNative.PollFd { Fd = fd, Events = TunNative.PollIn };
                    if (TunNative.Poll(&poll, 1, timeoutMilliseconds) <= 0 || (poll.ReturnedEvents & TunNative.PollIn) == 0)
                    {
                        return false;
                    }

                    read = TunNative.Read(fd, pointer, (nuint)buffer.Length);
                }
            }

            if (read <= 0)
            {
                return false;
            }

            length = (int)read;
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Writes one IP packet to the device (the kernel then routes it); false when the kernel refused it or the device is closed.</summary>
    public bool TryWrite(ReadOnlySpan<byte> packet)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            nint written;
            fixed (byte* pointer = packet)
            {
                written = TunNative.Write((int)_handle.DangerousGetHandle(), pointer, (nuint)packet.Length);
            }

            return written == packet.Length;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Sets the MTU and the queue length, brings the link up, adds <paramref name="settings"/>' address and routes, through `ip` commands with
    /// bounded time (netlink later). Throws <see cref="IOException"/> when a command fails.
    /// </summary>
    public void Configure(TunInterfaceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        IpCommand.Run("link", "set", "dev", Name, "mtu", settings.Mtu.ToString(invariant), "txqueuelen",
            settings.TransmitQueueLength.ToString(invariant), "up");
        if (settings.Address is { } address)
        {
            IpCommand.Run("address", "add", address, "dev", Name);
        }

        foreach (string route in settings.Routes)
        {
            IpCommand.Run("route", "add", route, "dev", Name);
        }
    }

    /// <summary>Closes the device; the kernel removes the interface with its addresses and routes.</summary>
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc />
    public override string ToString() => Offloads == TunOffloads.None ? $"TUN {Name}" : $"TUN {Name} (offloads {Offloads})";
}
