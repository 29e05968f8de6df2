namespace DotSwan.Ike.Ikev1;

/// <summary>The vendor IDs the engine sends and recognises. XAUTH is deliberately not announced (not supported).</summary>
internal static class Ikev1VendorIds
{
    /// <summary>RFC 3947 NAT traversal: MD5("RFC 3947").</summary>
    public static ReadOnlyMemory<byte> NatTraversal { get; } = Convert.FromHexString("4a131c81070358455c5728f20e95452f");

    /// <summary>RFC 3706 dead peer detection (version 1.0).</summary>
    public static ReadOnlyMemory<byte> DeadPeerDetection { get; } = Convert.FromHexString("afcad71368a1f1c96b8696fc77570100");

    public static bool IsNatTraversal(ReadOnlySpan<byte> vid) => vid.SequenceEqual(NatTraversal.Span);

    // Some peers append a revision byte to the DPD VID: compare the first 14 bytes as RFC 3706 implementations do.
    public static bool IsDeadPeerDetection(ReadOnlySpan<byte> vid) => vid.Length >= 14 && vid[..14].SequenceEqual(DeadPeerDetection.Span[..14]);
}
