using DotSwan.Wire.Ikev1;

namespace DotSwan.Wire.Tests.Ikev1;

internal static class IsakmpAssert
{
    public static IsakmpMessage Decodes(byte[] datagram, IsakmpDecodeOptions? options = null)
    {
        bool ok = IsakmpMessageCodec.TryDecode(datagram, out var message, out var error, options);
        Assert.True(ok, error.ToString());
        return message!;
    }

    public static DecodeError Fails(byte[] datagram, IsakmpDecodeOptions? options = null)
    {
        bool ok = IsakmpMessageCodec.TryDecode(datagram, out var message, out var error, options);
        Assert.False(ok);
        Assert.Null(message);
        return error;
    }

    public static void Fails(byte[] datagram, int payloadType, int offset, DecodeErrorReason reason, IsakmpDecodeOptions? options = null)
    {
        var error = Fails(datagram, options);
        Assert.Equal((payloadType, offset, reason), (error.PayloadType, error.Offset, error.Reason));
    }

    public static byte[] Encode(IsakmpMessage message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        IsakmpMessageCodec.Encode(message, buffer);
        Assert.Equal(IsakmpMessageCodec.GetEncodedLength(message), buffer.WrittenCount);
        var viaSpan = new byte[IsakmpMessageCodec.GetEncodedLength(message)];
        Assert.Equal(viaSpan.Length, IsakmpMessageCodec.Encode(message, viaSpan));
        Assert.Equal(viaSpan, buffer.WrittenSpan.ToArray());
        return viaSpan;
    }

    /// <summary>Decodes, checks the re-encoding is byte-identical, and returns the single payload of the message.</summary>
    public static T RoundTripsSingle<T>(byte[] datagram) where T : IsakmpPayload
    {
        var message = Decodes(datagram);
        Assert.Equal(datagram, Encode(message));
        return Assert.IsType<T>(Assert.Single(message.Payloads));
    }
}
