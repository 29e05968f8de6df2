namespace DotSwan.Cli.Demo.Netns;

/// <summary>
/// The daemon configuration of each side of <c>dotswan demo --netns</c>: TUN data plane on the veth address, an IKEv2
/// connection ("demo") and an IKEv1 connection ("demo-v1", Main Mode with the PSK) to the same peer, each with its own
/// inner subnets.
/// </summary>
internal static class NetnsDemoConfiguration
{
    /// <summary>
    /// One side: listens on <paramref name="outer"/>; with the peer at <paramref name="peerOuter"/> the IKEv2 connection
    /// protects <paramref name="localTs"/> to <paramref name="remoteTs"/> and the IKEv1 connection <paramref name="localTsV1"/>
    /// to <paramref name="remoteTsV1"/>.
    /// </summary>
    public static string Yaml(string self, string peer, string outer, string peerOuter, string localTs, string remoteTs,
        string localTsV1, string remoteTsV1, string tun, string socket) => $"""
        daemon:
          listen: [{outer}]
          data_plane: tun
          tun_name: {tun}
          control_socket: {socket}
        connections:
          {DemoConfiguration.ConnectionName(2)}:
            version: 2
            local_addrs: {outer}
            remote_addrs: {peerOuter}
            proposals: aes256gcm16-prfsha256-x25519
            local: {"{"} id: {self}.demo.example {"}"}
            remote: {"{"} id: {peer}.demo.example {"}"}
            children:
              net:
                local_ts: {localTs}
                remote_ts: {remoteTs}
                esp_proposals: aes128gcm16
          {DemoConfiguration.ConnectionName(1)}:
            version: 1
            local_addrs: {outer}
            remote_addrs: {peerOuter}
            proposals: aes256-sha256-modp2048
            local: {"{"} id: {self}.demo.example {"}"}
            remote: {"{"} id: {peer}.demo.example {"}"}
            children:
              net:
                local_ts: {localTsV1}
                remote_ts: {remoteTsV1}
                esp_proposals: aes128-sha256
        secrets:
          ike:
            - ids: [west.demo.example, east.demo.example]
              secret: "{DemoConfiguration.Psk}"
        """;
}
