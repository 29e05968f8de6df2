using System.Buffers.Binary;
using System.Text;

namespace DotSwan.Ipsec.Backends.Xfrm;

/// <summary>
/// Builds one netlink message (struct nlmsghdr, a fixed body, then attributes aligned to 4 bytes) in host byte order, as
/// the kernel reads it; fields the XFRM structs keep in network order (SPI, ports) are written big-endian by the caller.
/// Control-plane only (a few messages per SA): it grows a byte array.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    public const int HeaderLength = 16;
    private const int Alignment = 4;

    private readonly int _bodyLength;
    private byte[] _buffer = new byte[512];
    private int _length;

    /// <summary>Starts a message with a zeroed <paramref name="bodyLength"/>-byte body (see <see cref="Body"/>).</summary>
    public NetlinkMessageWriter(XfrmMessageType type, ushort flags, uint sequence, int bodyLength)
    {
        _bodyLength = bodyLength;
        _length = HeaderLength + bodyLength;
        Ensure(_length);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), (ushort)type);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(8), sequence);
        // nlmsg_pid 0: the kernel.
    }

    /// <summary>The fixed body after the netlink header.</summary>
    public Span<byte> Body => _buffer.AsSpan(HeaderLength, _bodyLength);

    /// <summary>Appends an attribute of <paramref name="payloadLength"/> zeroed bytes and returns them to fill.</summary>
    public Span<byte> AddAttribute(XfrmAttributeType type, int payloadLength)
    {
        int start = Align(_length);
        int attributeLength = 4 + payloadLength;
        Ensure(start + Align(attributeLength));
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start + 2), (ushort)type);
        _length = start + Align(attributeLength);
        return _buffer.AsSpan(start + 4, payloadLength);
    }

    /// <summary>The finished message with nlmsg_len set.</summary>
    public byte[] ToArray()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        return _buffer.AsSpan(0, _length).ToArray();
    }

    /// <summary>Writes <paramref name="text"/> as a zero-terminated name into a fixed-size char array.</summary>
    public static void WriteName(Span<byte> field, string text)
    {
        int written = Encoding.ASCII.GetBytes(text, field);
        field[written..].Clear();
    }

    private static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    private void Ensure(int length)
    {
        if (_buffer.Length < length)
        {
            Array.Resize(ref _buffer, Math.Max(length, _buffer.Length * 2));
        }
    }
}
