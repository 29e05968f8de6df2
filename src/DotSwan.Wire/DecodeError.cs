namespace DotSwan.Wire;

/// <summary>
/// A typed decoding failure: which payload (by its IANA payload type number, 0 for a message header),
/// the byte offset from the start of the message, and the reason.
/// </summary>
/// <param name="PayloadType">The payload type being decoded (IKEv2 or ISAKMP numbering); 0 for the message header.</param>
/// <param name="Offset">Offset in bytes from the start of the decoded buffer where the problem was found.</param>
/// <param name="Reason">The kind of problem.</param>
/// <param name="Detail">A short human-readable explanation (a constant string, so building an error does not allocate).</param>
public readonly record struct DecodeError(int PayloadType, int Offset, DecodeErrorReason Reason, string Detail)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Reason} in payload type {PayloadType} at offset {Offset}: {Detail}";
}
