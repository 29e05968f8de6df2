using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DotSwan.Ipsec.Transport;

/// <summary>
/// libc socket(2) for raw sockets of protocols .NET's <see cref="Socket"/> constructor refuses (it rejects ESP and AH as
/// "protocol not supported" although Linux accepts them); the descriptor is then wrapped in a <see cref="Socket"/>.
/// </summary>
internal static partial class RawSocketNative
{
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

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);
}
