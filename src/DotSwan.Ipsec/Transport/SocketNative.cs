using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DotSwan.Ipsec.Transport;

/// <summary>
/// The libc socket calls the transports make themselves: socket(2) for raw sockets of protocols .NET's
/// <see cref="Socket"/> constructor refuses (it rejects ESP and AH as "protocol not supported" although Linux accepts
/// them), and a non-blocking recvfrom(2) that reports an empty queue as a return value instead of an exception, so a
/// receive loop needs no poll per datagram under load.
/// </summary>
internal static unsafe partial class SocketNative
{
    private const int MessageDontWait = 0x40;

    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;

    /// <summary>Opens a raw socket for <paramref name="protocol"/>; throws <see cref="SocketException"/> with errno on failure.</summary>
    public static Socket Open(AddressFamily family, int protocol)
    {
        int fd = Socket(family == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet, SockRaw | SockCloexec, protocol);
        if (fd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>
    /// Receives one datagram without waiting into <paramref name="buffer"/>, the sender into <paramref name="from"/>; the
    /// length, or -1 when none is queued (or on any error: the caller then polls).
    /// </summary>
    public static int TryReceiveFrom(Socket socket, Span<byte> buffer, SocketAddress from)
    {
        bool added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            var address = from.Buffer.Span;
            uint addressLength = (uint)address.Length;
            nint received;
            fixed (byte* data = buffer)
            fixed (byte* sockaddr = address)
            {
                received = ReceiveFrom((int)handle.DangerousGetHandle(), data, (nuint)buffer.Length, MessageDontWait, sockaddr, &addressLength);
            }

            if (received < 0)
            {
                return -1;
            }

            from.Size = (int)addressLength;
            return (int)received;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// sendmsg(2) of the given slices of <paramref name="buffer"/> as one UDP GSO send (cmsg UDP_SEGMENT =
    /// <paramref name="segmentLength"/>) to <paramref name="peer"/>; false when the kernel refused or sent less.
    /// </summary>
    public static bool TrySendSegmented(Socket socket, byte[] buffer, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int segmentLength, SocketAddress peer)
    {
        int count = starts.Length;
        if (count == 0 || count > 64 || lengths.Length != count)
        {
            return false;
        }

        bool added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            var vectors = stackalloc IoVector[64];
            long total = 0;
            var control = stackalloc byte[ControlSpace];
            new Span<byte>(control, ControlSpace).Clear();
            *(nuint*)control = ControlLength; // cmsg_len
            *(int*)(control + 8) = SolUdp; // cmsg_level
            *(int*)(control + 12) = UdpSegment; // cmsg_type
            *(ushort*)(control + 16) = (ushort)segmentLength;
            var name = peer.Buffer.Span[..peer.Size];
            fixed (byte* data = buffer)
            fixed (byte* address = name)
            {
                for (int i = 0; i < count; i++)
                {
                    vectors[i] = new IoVector { Base = data + starts[i], Length = (nuint)lengths[i] };
                    total += lengths[i];
                }

                var message = new MessageHeader
                {
                    Name = address,
                    NameLength = (uint)name.Length,
                    Vectors = vectors,
                    VectorCount = (nuint)count,
                    Control = control,
                    ControlLength = ControlSpace,
                };
                return SendMessage((int)handle.DangerousGetHandle(), &message, 0) == total;
            }
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// recvmsg(2) of one datagram, or with UDP_GRO on the socket several coalesced ones, without waiting: the length, or -1
    /// when none is queued (or on any error). <paramref name="segmentSize"/> is the UDP_GRO segment size the kernel
    /// reported (every datagram in the buffer that long but the last), or 0 for a single datagram.
    /// </summary>
    public static int TryReceiveMessage(Socket socket, Span<byte> buffer, SocketAddress from, out int segmentSize)
    {
        segmentSize = 0;
        bool added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            var address = from.Buffer.Span;
            const int controlSpace = 64;
            var control = stackalloc byte[controlSpace];
            nint received;
            MessageHeader message;
            fixed (byte* data = buffer)
            fixed (byte* sockaddr = address)
            {
                var vector = new IoVector { Base = data, Length = (nuint)buffer.Length };
                message = new MessageHeader
                {
                    Name = sockaddr,
                    NameLength = (uint)address.Length,
                    Vectors = &vector,
                    VectorCount = 1,
                    Control = control,
                    ControlLength = controlSpace,
                };
                received = ReceiveMessage((int)handle.DangerousGetHandle(), &message, MessageDontWait);
            }

            if (received < 0)
            {
                return -1;
            }

            from.Size = (int)message.NameLength;
            // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then the data, each 8-byte aligned.
            nuint offset = 0;
            while (offset + 16 <= message.ControlLength)
            {
                nuint length = *(nuint*)(control + offset);
                if (length < 16 || offset + length > message.ControlLength)
                {
                    break;
                }

                if (*(int*)(control + offset + 8) == SolUdp && *(int*)(control + offset + 12) == UdpGro && length >= 20)
                {
                    segmentSize = *(int*)(control + offset + 16);
                }

                offset += (length + 7) & ~(nuint)7;
            }

            return (int)received;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Turns on UDP_GRO (Linux 5.0+): the kernel may hand several datagrams of one flow to one receive; false when refused.</summary>
    public static bool TryEnableReceiveCoalescing(Socket socket)
    {
        bool added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            int on = 1;
            return SetSocketOption((int)handle.DangerousGetHandle(), SolUdp, UdpGro, &on, sizeof(int)) == 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private const int UdpGro = 104;
    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    // CMSG_LEN(sizeof(u16)) and CMSG_SPACE(sizeof(u16)) on 64-bit Linux.
    private const int ControlLength = 18;
    private const int ControlSpace = 24;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMessage(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint ReceiveMessage(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSocketOption(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    private static partial nint ReceiveFrom(int fd, byte* buffer, nuint length, int flags, byte* address, uint* addressLength);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);
}
