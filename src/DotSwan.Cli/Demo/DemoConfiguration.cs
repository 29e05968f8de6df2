namespace DotSwan.Cli.Demo;

/// <summary>The embedded default configuration of <c>dotswan demo</c>: daemon YAML for each side of the IKEv2 and the IKEv1 pair.</summary>
internal static class DemoConfiguration
{
    /// <summary>The connection name.</summary>
    public const string Connection = "demo";

    /// <summary>The connection name of the IKE <paramref name="version"/> pair: "demo" (IKEv2) or "demo-v1".</summary>
    public static string ConnectionName(int version) => version == 1 ? Connection + "-v1" : Connection;

    /// <summary>The pre-shared key both sides use (a demo value, not a secret).</summary>
    public const string Psk = "dotswan-demo-pre-shared-key-0123456789";

    /// <summary>One side's daemon configuration for IKE <paramref name="version"/>.</summary>
    public static string Daemon(int version, string self, string peer, int ikePort, int peerPort, int nattPort, string localTs, string remoteTs, string directory) =>
        version == 1
            ? Ikev1(self, peer, ikePort, peerPort, nattPort, localTs, remoteTs, directory)
            : Ikev2(self, peer, ikePort, peerPort, nattPort, localTs, remoteTs, directory);

    /// <summary>
    /// One side's IKEv1 configuration: Main Mode with the PSK (AES-CBC, SHA-256, MODP-2048 in phase 1, as IKEv1 has no
    /// AEAD phase 1), a Quick Mode for AES-GCM ESP.
    /// </summary>
    public static string Ikev1(string self, string peer, int ikePort, int peerPort, int nattPort, string localTs, string remoteTs, string directory) => $"""
        daemon:
          listen: [127.0.0.1]
          ike_port: {ikePort}
          natt_port: {nattPort}
          data_plane: memory
          control_socket: {Path.Combine(directory, self + ".sock")}
        connections:
          {ConnectionName(1)}:
            version: 1
            local_addrs: 127.0.0.1
            remote_addrs: 127.0.0.1
            remote_port: {peerPort}
            proposals: aes256-sha256-modp2048
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
              secret: "{Psk}"
        """;

    /// <summary>One side's IKEv2 configuration: UDP <paramref name="ikePort"/> on 127.0.0.1, the peer at <paramref name="peerPort"/>.</summary>
    public static string Ikev2(string self, string peer, int ikePort, int peerPort, int nattPort, string localTs, string remoteTs, string directory) => $"""
        daemon:
          listen: [127.0.0.1]
          ike_port: {ikePort}
          natt_port: {nattPort}
          data_plane: memory
          control_socket: {Path.Combine(directory, self + ".sock")}
        connections:
          {Connection}:
            version: 2
            local_addrs: 127.0.0.1
            remote_addrs: 127.0.0.1
            remote_port: {peerPort}
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
              secret: "{Psk}"
        """;
}
