namespace DotSwan.Interop.Tests;

/// <summary>What <see cref="StrongSwanPairCapture"/> saw: both sides' IKE SA, A's Child SA, the capture and its distinct IKE datagrams.</summary>
internal sealed record CapturedStrongSwanTunnel(
    SwanctlIkeSa SaA, SwanctlIkeSa SaB, SwanctlChildSa Child, IReadOnlyList<CapturedDatagram> Datagrams, IReadOnlyList<CapturedDatagram> Ike);
