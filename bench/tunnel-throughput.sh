#!/usr/bin/env bash
# iperf3 TCP throughput, ping round-trip time and CPU per gigabyte through a userspace IPsec tunnel between two network
# namespaces, DotSwan ↔ DotSwan (manually keyed TUN hosts, ESP in UDP 4500) and strongSwan ↔ strongSwan (5.9.8,
# kernel-libipsec, IKEv2 PSK) in the same run, for AES-128-GCM-16 and AES-128-CBC + HMAC-SHA-256-128.
#
# Usage (root): bench/tunnel-throughput.sh [seconds per iperf3 run, default 10, at most 30]
#   ONLY=dotswan|strongswan runs one side only, SUITE=gcm|cbc one suite only (for profiling; the recorded figures
#   come from full runs). PERF=/path/prefix records perf profiles of the DotSwan hosts (prefix.a, prefix.b). TXQUEUELEN=N sets the DotSwan TUN devices' queue (default 2000; Linux's own default is 500).
#   OFFLOAD=all|tcp|none sets the DotSwan TUN offloads (default all: TSO/USO super-segments split in userspace, TCP
#   segments joined on the way back; none: one packet per read and write, as before).
# Bounded: every wait has a limit; only processes this script started are stopped (by PID); its namespaces
# (dswbench-<pid>-a/b) and run directory are removed on exit, also after an error.
# Addresses: 192.0.2.1/24 ↔ 192.0.2.2/24 on the veths, inner 10.1.0.1 ↔ 10.2.0.1 on lo.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
secs=$(( secs > 30 ? 30 : (secs < 1 ? 1 : secs) ))
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces, TUN)" >&2; exit 2; }

LAB_CONF=/work/shared/lab/conf
TAG="dswbench-$$" LOG_PREFIX=bench
# shellcheck source=bench/lib/netns-pair.sh
. bench/lib/netns-pair.sh

# utime + stime in clock ticks of a PID (its threads included).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# One measurement through whatever tunnel is up: ping RTT, iperf3 TCP A → B, CPU of the given PIDs.
# Prints: mbits_sent mbits_received retransmits rtt_avg_ms cpu_seconds_per_gb
measure() {
    local label=$1; shift
    local pids=("$@") before=0 after=0 server
    local ping_out rtt
    # Warm-up first (same for both tunnels): DotSwan's first packets run through freshly JIT-compiled code.
    nsx "$NS_A" ping -n -q -c 50 -i 0.02 -W 2 -I "$INNER_A" "$INNER_B" >/dev/null || true
    ping_out=$(nsx "$NS_A" ping -n -q -c 20 -i 0.05 -W 2 -I "$INNER_A" "$INNER_B" || true)
    rtt=$(sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|p' <<<"$ping_out")
    grep rtt <<<"$ping_out" | sed "s/^/[bench] $label: /" >&2 || true
    nsx "$NS_B" iperf3 -s -1 -B "$INNER_B" -p 5201 >/dev/null 2>&1 &
    server=$!
    PIDS+=("$server:iperf3")
    for _ in $(seq 1 50); do nsx "$NS_B" ss -ltnH 'sport = :5201' | grep -q 5201 && break; sleep 0.1; done
    for pid in "${pids[@]}"; do before=$((before + $(cpu_ticks "$pid"))); done
    nsx "$NS_A" timeout $((secs + 20)) iperf3 -c "$INNER_B" -B "$INNER_A" -p 5201 -t "$secs" -J > "$RUN/iperf.json" || true
    for pid in "${pids[@]}"; do after=$((after + $(cpu_ticks "$pid"))); done
    wait "$server" 2>/dev/null || true
    python3 - "$label" "$rtt" "$before" "$after" "$(getconf CLK_TCK)" "$RUN/iperf.json" <<'EOF'
import json, sys
label, rtt, before, after, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
try:
    end = json.load(open(sys.argv[6]))["end"]
except Exception as e:
    print(f"{label}: iperf3 gave no result ({e})"); sys.exit(0)
sent, received = end["sum_sent"], end["sum_received"]
gigabytes = received["bytes"] / 1e9
cpu = (after - before) / hz
per_gb = cpu / gigabytes if gigabytes > 0 else float("nan")
print(f"| {label} | {sent['bits_per_second']/1e6:.0f} | {received['bits_per_second']/1e6:.0f} | {sent.get('retransmits', -1)} "
      f"| {rtt or 'n/a'} | {cpu:.1f} | {per_gb:.1f} |")
EOF
}

run_dotswan() {
    local alg=$1 label=$2 keylen=$3 key_ab key_ba pid_a pid_b dll
    dll=tests/DotSwan.Ipsec.TunHost/bin/Release/net10.0/DotSwan.Ipsec.TunHost.dll
    key_ab=$(head -c "$keylen" /dev/urandom | od -An -tx1 | tr -d ' \n')
    key_ba=$(head -c "$keylen" /dev/urandom | od -An -tx1 | tr -d ' \n')
    # Fresh files per run: a pid file or "ready" line left from the previous suite would be read as this run's.
    rm -rf "$RUN/dotswan"
    mkdir -p "$RUN/dotswan"
    start_host() { # ns tun local peer spi_in spi_out key_in key_out remote log
        nsx "$1" setsid -f env ${PERF:+DOTNET_PerfMapEnabled=1} sh -c 'echo $$ > "$0"; exec dotnet "$@"' "$RUN/dotswan/$2.pid" "$dll" \
            --tun "$2" --local "$3" --peer "$4" --spi-in "$5" --spi-out "$6" --key-in "$7" --key-out "$8" \
            --alg "$alg" --remote "$9" ${TXQUEUELEN:+--txqueuelen $TXQUEUELEN} ${OFFLOAD:+--offload $OFFLOAD} --max-seconds $((secs + 120)) >"$RUN/dotswan/$2.log" 2>&1 </dev/null
        for _ in $(seq 1 50); do [ -s "$RUN/dotswan/$2.pid" ] && break; sleep 0.1; done
    }
    start_host "$NS_A" dswa0 $ADDR_A $ADDR_B b2000002 a1000001 "$key_ba" "$key_ab" 10.2.0.0/24
    start_host "$NS_B" dswb0 $ADDR_B $ADDR_A a1000001 b2000002 "$key_ab" "$key_ba" 10.1.0.0/24
    pid_a=$(cat "$RUN/dotswan/dswa0.pid"); pid_b=$(cat "$RUN/dotswan/dswb0.pid")
    PIDS+=("$pid_a:dotnet" "$pid_b:dotnet")
    for _ in $(seq 1 300); do
        grep -q ready "$RUN/dotswan/dswa0.log" && grep -q ready "$RUN/dotswan/dswb0.log" && break; sleep 0.1
    done
    grep -q ready "$RUN/dotswan/dswb0.log" || { cat "$RUN/dotswan/"*.log >&2; return 1; }
    if [ -n "${PERF:-}" ]; then
        # Profile the sending host during the iperf3 run (JIT symbols from the perf map DOTNET_PerfMapEnabled writes).
        (sleep 3; timeout 20 perf record -F 999 -g -p "$pid_a" -o "$PERF.a" -- sleep 5 >/dev/null 2>&1;
         timeout 20 perf record -F 999 -g -p "$pid_b" -o "$PERF.b" -- sleep 1 >/dev/null 2>&1) &
    fi
    measure "DotSwan ↔ DotSwan, $label" "$pid_a" "$pid_b"
    for pid in "$pid_a" "$pid_b"; do
        kill -0 "$pid" 2>/dev/null || { log "DotSwan host $pid ended early:"; tail -n 30 "$RUN/dotswan/"*.log >&2; }
    done
    # Where packets were lost (stderr): UDP receive buffer overflows and TUN queue drops in each namespace.
    for ns in "$NS_A" "$NS_B"; do
        printf '[bench] %s: %s; tun: %s\n' "$ns" "$(nsx "$ns" nstat -az UdpRcvbufErrors UdpSndbufErrors 2>/dev/null | awk 'NR>1{printf "%s=%s ", $1, $2}')" \
            "$(nsx "$ns" ip -s link show | awk '/dsw/{dev=$2} /TX:/{getline; if (dev!="") {printf "%s TX dropped %s ", dev, $4; dev=""}}')" >&2
    done
    stop_pid "$pid_a" dotnet; stop_pid "$pid_b" dotnet
    # perf report needs the runtime's JIT maps: they stay; remove them after reading the profile.
    [ -z "${PERF:-}" ] || log "profiles $PERF.a $PERF.b; JIT symbol maps /tmp/perf-$pid_a.map /tmp/perf-$pid_b.map (remove after perf report)"
    grep -h "offloads=\|gc.allocated.bytes\|udp.gso.sends\|plane.out.packets\|plane.out.supersegments\|plane.in.coalesced\|sa.in.drops\|plane.drop.*=[1-9]" "$RUN/dotswan/"*.log | tr '\n' ' ' >&2; echo >&2
}

run_strongswan() {
    local esp=$1 label=$2 side dir pid_a pid_b
    rm -rf "$RUN/swan"
    for side in A B; do
        dir="$RUN/swan/$side"
        mkdir -p "$dir/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12,conf.d}
        : > "$dir/extra.conf"; : > "$dir/extra-global.conf"
        sed -e "s|@DIR@|$dir|g" \
            -e "s|@LOAD@|kernel-libipsec kernel-netlink socket-default random nonce aesni openssl aes sha1 sha2 md5 hmac gcm kdf pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 vici|" \
            -e "s|@EXTRA@|$dir/extra.conf|" -e "s|@GLOBAL_EXTRA@|$dir/extra-global.conf|" \
            -e "s|@LOGLEVEL_IKE@|0|" -e "s|@LOGLEVEL_CHD@|0|" -e "s|@LOGLEVEL_OTHER@|0|" \
            "$LAB_CONF/strongswan.conf.in" > "$dir/strongswan.conf"
        local la ra lid rid lts rts ns
        if [ $side = A ]; then la=$ADDR_A ra=$ADDR_B lid=a.lab.example rid=b.lab.example lts=10.1.0.0/24 rts=10.2.0.0/24 ns=$NS_A
        else la=$ADDR_B ra=$ADDR_A lid=b.lab.example rid=a.lab.example lts=10.2.0.0/24 rts=10.1.0.0/24 ns=$NS_B; fi
        sed -e "s|@LADDR@|$la|" -e "s|@RADDR@|$ra|" -e "s|@LID@|$lid|" -e "s|@RID@|$rid|" -e "s|@LTS@|$lts|" -e "s|@RTS@|$rts|" \
            -e "s|@IKE_PROP@|aes256gcm16-prfsha256-x25519|" -e "s|@ESP_PROP@|$esp|" \
            "$LAB_CONF/swanctl/psk.conf.in" > "$dir/swanctl/swanctl.conf"
        nsx "$ns" setsid -f sh -c 'echo $$ > "$0"; exec env STRONGSWAN_CONF="$1" /usr/sbin/charon-systemd' \
            "$dir/charon.pid" "$dir/strongswan.conf" >"$dir/stdout.log" 2>&1 </dev/null
        for _ in $(seq 1 50); do [ -s "$dir/charon.pid" ] && break; sleep 0.1; done
        PIDS+=("$(cat "$dir/charon.pid"):charon-systemd")
        for _ in $(seq 1 100); do [ -S "$dir/charon.vici" ] && break; sleep 0.1; done
        # The socket file can appear before charon accepts on it: retry (bounded).
        for _ in $(seq 1 50); do
            SWANCTL_DIR="$dir/swanctl" swanctl --load-all --uri "unix://$dir/charon.vici" >/dev/null 2>&1 && break; sleep 0.2
        done
        SWANCTL_DIR="$dir/swanctl" swanctl --list-conns --uri "unix://$dir/charon.vici" | grep -q psk
    done
    pid_a=$(cat "$RUN/swan/A/charon.pid"); pid_b=$(cat "$RUN/swan/B/charon.pid")
    SWANCTL_DIR="$RUN/swan/A/swanctl" timeout 30 swanctl --initiate --child net --timeout 20 --uri "unix://$RUN/swan/A/charon.vici" >/dev/null
    measure "strongSwan ↔ strongSwan (kernel-libipsec), $label" "$pid_a" "$pid_b"
    stop_pid "$pid_a" charon-systemd; stop_pid "$pid_b" charon-systemd
    sleep 0.5
}

log "building the DotSwan TUN host"
dotnet build tests/DotSwan.Ipsec.TunHost -c Release -v q -nologo >/dev/null
log "namespaces $NS_A / $NS_B, $secs s per iperf3 run"
echo "date: $(date -u "+%Y-%m-%d %H:%M UTC"), $(nproc) cores, load average before: $(cut -d" " -f1-3 /proc/loadavg), iperf3 TCP ${secs} s A → B, ping 20 × 50 ms after 50 warm-up pings"
echo
echo "| tunnel, suite | sender Mbit/s | receiver Mbit/s | retransmits | ping avg ms | CPU s (both ends) | CPU s per GB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for suite in "aes128gcm16:AES-128-GCM-16:20" "aes128-sha256:AES-128-CBC + HMAC-SHA-256-128:48"; do
    IFS=: read -r alg label keylen <<<"$suite"
    case "${SUITE:-all}" in all) ;; gcm) [ "$alg" = aes128gcm16 ] || continue ;; cbc) [ "$alg" = aes128-sha256 ] || continue ;; esac
    if [ "${ONLY:-}" != strongswan ]; then setup_namespaces; run_dotswan "$alg" "$label" "$keylen"; fi
    if [ "${ONLY:-}" != dotswan ]; then setup_namespaces; run_strongswan "$alg" "$label"; fi

done
setup_namespaces
ping_out=$(nsx "$NS_A" ping -n -q -c 20 -i 0.05 -W 2 "$ADDR_B" || true)
echo
echo "plain veth ping avg ms (no tunnel): $(sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|p' <<<"$ping_out")"
