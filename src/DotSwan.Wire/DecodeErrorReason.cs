namespace DotSwan.Wire;

/// <summary>Why untrusted bytes could not be decoded. The engines map each reason to an IKE notify.</summary>
public enum DecodeErrorReason
{
    /// <summary>The input ended before the structure did.</summary>
    Truncated = 1,

    /// <summary>A length field is smaller than its structure's minimum or points past its container.</summary>
    BadLength,

    /// <summary>A payload type this codec does not know had its critical bit set (IKEv2) or is not allowed (IKEv1).</summary>
    UnknownCriticalPayload,

    /// <summary>Reserved bits or bytes that must be zero were not (reported only in strict decoding).</summary>
    ReservedBitsSet,

    /// <summary>A field holds a value the protocol does not allow here (wrong major version, SPI size, attribute format …).</summary>
    InvalidValue,

    /// <summary>Bytes were left over after the last structure (the header length and the payload chain disagree).</summary>
    TrailingBytes,

    /// <summary>More payloads, proposals, transforms or attributes than the decoder accepts (bounded memory).</summary>
    TooMany,
}
