namespace DotSwan.Cli.Demo.Netns;

/// <summary>The daemon configuration of each side of <c>dotswan demo --netns</c>: TUN data plane on the veth address.</summary>
internal static class NetnsDemoConfiguration
{
    /// <summary>One side: listens on <paramref name="outer"/>, protects <paramref name="localTs"/> to <paramref name="remoteTs"/> with the peer at <paramref name="peerOuter"/>.</summary>
    public static string Yaml(string self, string peer, string outer, string peerOuter, string localTs, string remoteTs, string tun, string socket) => $"""
        daemon:
          listen: [{outer}]
          data_plane: tun
          tun_name: {tun}
          control_socket: {socket}
        connections:
          {DemoConfiguration.Connection}:
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
        secrets:
          ike:
            - ids: [west.demo.example, east.demo.example]
              secret: "{DemoConfiguration.Psk}"
        """;
}
