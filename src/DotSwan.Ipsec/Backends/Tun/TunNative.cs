using System.Runtime.InteropServices;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>The few libc calls a TUN device needs (Linux x86-64/arm64 values).</summary>
internal static unsafe partial class TunNative
{
    /// <summary>_IOW('T', 202, int): attach the file descriptor to a (new) TUN/TAP interface.</summary>
    public const nuint TunSetIff = 0x400454CA;

    /// <summary>_IOW('T', 208, unsigned int): the offloads (TUN_F_*) the reader accepts.</summary>
    public const nuint TunSetOffload = 0x400454D0;

    /// <summary>Every read and write starts with a struct virtio_net_hdr.</summary>
    public const short IffVnetHdr = 0x4000;

    public const uint TunFChecksum = 0x01;
    public const uint TunFTso4 = 0x02;
    public const uint TunFTso6 = 0x04;
    public const uint TunFUso4 = 0x20;
    public const uint TunFUso6 = 0x40;

    /// <summary>A layer-3 device.</summary>
    public const short IffTun = 0x0001;

    /// <summary>No 4-byte packet information prefix: one read is exactly one IP packet.</summary>
    public const short IffNoPi = 0x1000;

    /// <summary>sizeof(struct ifreq).</summary>
    public const int InterfaceRequestLength = 40;

    /// <summary>IFNAMSIZ including the terminating zero.</summary>
    public const int InterfaceNameSize = 16;

    public const int OpenReadWrite = 0x2;
    public const int OpenCloseOnExec = 0x80000;
    public const int OpenNonBlocking = 0x800;
    public const short PollIn = 0x1;
    public const int ErrorInterrupted = 4;
    public const int ErrorAgain = 11;
    public const int ErrorInvalidArgument = 22;

    private const string LibC = "libc";

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(LibC, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, byte* argument);

    [LibraryImport(LibC, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);
}
