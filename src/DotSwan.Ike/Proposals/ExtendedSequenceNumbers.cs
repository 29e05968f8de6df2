namespace DotSwan.Ike.Proposals;

/// <summary>Values of the Extended Sequence Numbers transform (RFC 7296 §3.3.2, transform type 5).</summary>
public enum ExtendedSequenceNumbers : ushort
{
    /// <summary>32-bit sequence numbers (strongSwan keyword <c>noesn</c>).</summary>
    None = 0,

    /// <summary>64-bit extended sequence numbers (keyword <c>esn</c>).</summary>
    Extended = 1,
}
