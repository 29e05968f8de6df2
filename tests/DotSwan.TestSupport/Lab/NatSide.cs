namespace DotSwan.TestSupport.Lab;

/// <summary>Which side of a <see cref="NatNamespaceTriple"/> sits behind the NAT.</summary>
public enum NatSide
{
    /// <summary>Side A is inside (198.51.100.1), B outside (192.0.2.2).</summary>
    A,

    /// <summary>Side B is inside (198.51.100.2), A outside (192.0.2.1).</summary>
    B,
}
