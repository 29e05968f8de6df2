using DotSwan.Wire.Ikev2;

namespace DotSwan.Wire.Tests.Ikev2;

public static class Ikev2Assert
{
    /// <summary>Decodes with both layers, checks they agree and that encoding gives the same bytes back.</summary>
    public static Ikev2Message RoundTrips(byte[] bytes, Ikev2DecodeOptions? options = null)
    {
        Assert.True(Ikev2MessageCodec.TryDecode(bytes, out var message, out var error, options), error.ToString());
        Assert.NotNull(message);
        var view = new Ikev2MessageView(options);
        Assert.True(view.TryParse(bytes, out var viewError), viewError.ToString());
        Assert.Equal(message.Payloads.Count, view.Count);
        for (int i = 0; i < view.Count; i++) { Assert.Equal(message.Payloads[i].PayloadType, view.Payloads[i].Type); }
        Assert.Equal(bytes.Length, Ikev2MessageCodec.GetEncodedLength(message));
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(Ikev2MessageCodec.Encode(message)));
        return message;
    }

    /// <summary>Both layers reject the bytes with the same error; returns it.</summary>
    public static DecodeError Fails(byte[] bytes, DecodeErrorReason reason, Ikev2DecodeOptions? options = null)
    {
        Assert.False(Ikev2MessageCodec.TryDecode(bytes, out var message, out var error, options));
        Assert.Null(message);
        var view = new Ikev2MessageView(options);
        Assert.False(view.TryParse(bytes, out var viewError));
        Assert.Equal(error, viewError);
        Assert.Equal(reason, error.Reason);
        Assert.InRange(error.Offset, 0, bytes.Length);
        Assert.False(string.IsNullOrEmpty(error.Detail));
        return error;
    }
}
