using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>
/// A Linux TUN device (layer 3, no packet-information prefix): one read returns one IP packet, one write injects one.
/// Opened in the caller's network namespace through /dev/net/tun and TUNSETIFF; not persistent, so it disappears when
/// disposed. Reads and writes use caller-provided buffers and allocate nothing. One thread may read while another writes.
/// </summary>
public sealed unsafe class TunDevice : IDisposable
{
    private readonly SafeFileHandle _handle;

    private TunDevice(SafeFileHandle handle, string name)
    {
        _handle = handle;
        Name = name;
    }

    /// <summary>The interface name the kernel gave the device.</summary>
    public string Name { get; }

    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public bool IsClosed => _handle.IsClosed;

    /// <summary>
    /// Creates the TUN interface <paramref name="name"/> (at most 15 bytes; "dsw%d" lets the kernel number it).
    /// Configuration, not packet input: failures throw <see cref="IOException"/>.
    /// </summary>
    public static TunDevice Open(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        byte[] nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length >= TunNative.InterfaceNameSize)
        {
            throw new ArgumentException($"interface names have at most {TunNative.InterfaceNameSize - 1} bytes", nameof(name));
        }

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
        MemoryMarshal.Write(requestSpan[TunNative.InterfaceNameSize..], (short)(TunNative.IffTun | TunNative.IffNoPi));
        if (TunNative.Ioctl(fd, TunNative.TunSetIff, request) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new IOException($"TUNSETIFF {name} failed: errno {errno}");
        }

        int nameLength = requestSpan[..TunNative.InterfaceNameSize].IndexOf((byte)0);
        string actual = Encoding.ASCII.GetString(requestSpan[..(nameLength < 0 ? TunNative.InterfaceNameSize : nameLength)]);
        return new TunDevice(handle, actual);
    }

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
    public override string ToString() => $"TUN {Name}";
}
