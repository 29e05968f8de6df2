#!/usr/bin/env bash
# IKEv2 handshake load: DotSwan's load initiator (bench/DotSwan.LoadTester) establishes N IKE SAs with one Child SA
# each (PSK), at most W in flight, against a DotSwan responder (`dotswan daemon`, memory data plane: SAs kept in memory,
# no packet I/O) and a strongSwan 5.9.8 responder (charon-systemd, kernel-libipsec installing every Child SA), one after
# the other in the same run, for aes128gcm16-prfsha256-x25519 and aes256-sha256-modp2048. Reports handshakes/s,
# responder CPU per handshake and RSS growth per established SA (from /proc of the responder's PID).
# The daemon runs with tiered compilation off (DOTNET_TieredCompilation=0, as dist/dotswan.service sets it; DOTSWAN_TIERED=1
# turns it back on): see docs/benchmarks.md for why.
# Neither responder asks for COOKIEs: strongSwan runs with dos_protection = no, DotSwan with cookie_threshold: never.
#
# Usage (root): bench/handshake-load.sh [N, default 2000, at most 20000] [W in flight, default 64, at most 1024]
#   ONLY=dotswan|strongswan one responder only, SUITE=gcm|modp one suite only, PERF=/path/prefix profiles the DotSwan
#   daemon (perf record, 4 s of the run), SWAN_LOG=N charon log level, KEEP_LOG=FILE keeps the charon log,
#   DOTSWAN_BIN=/path/dotswan runs that executable (e.g. a self-contained ReadyToRun publish) instead of the build output.
# Bounded: each load run stops after 60 s (MAX_SECONDS, at most 300); every wait has a limit; only processes this
# script started are stopped (by PID); its namespaces (dswload-<pid>-a/b) and run directory are removed on exit.
# Addresses: initiator 192.0.2.1/24 in namespace a, responder 192.0.2.2/24 in namespace b, on a veth pair.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}; count=$(( count > 20000 ? 20000 : (count < 1 ? 1 : count) ))
window=${2:-64}; window=$(( window > 1024 ? 1024 : (window < 1 ? 1 : window) ))
max_seconds=${MAX_SECONDS:-60}; max_seconds=$(( max_seconds > 300 ? 300 : max_seconds ))
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }

LAB_CONF=/work/shared/lab/conf
TAG="dswload-$$" LOG_PREFIX=load
# shellcheck source=bench/lib/netns-pair.sh
. bench/lib/netns-pair.sh
PSK="load-test-pre-shared-key-0123456789"
status=0   # 1 when any run did not establish all its SAs

wait_udp500() { # ns
    for _ in $(seq 1 300); do nsx "$1" ss -ulnH "sport = :500" | grep -q . && return 0; sleep 0.1; done
    return 1
}

LOADER=bench/DotSwan.LoadTester/bin/Release/net10.0/DotSwan.LoadTester.dll
DAEMON=src/DotSwan.Cli/bin/Release/net10.0/dotswan.dll
DAEMON_CMD="dotnet $DAEMON"
[ -n "${DOTSWAN_BIN:-}" ] && DAEMON_CMD="$DOTSWAN_BIN"

# Runs the load initiator in namespace a against the responder PID given; prints its result line.
drive() { # label ike esp responder_pid auth(psk|cert)
    local auth=(--auth psk)
    [ "$5" = cert ] && auth=(--auth cert --ca-cert "$PKI/ca.pem" --ca-key "$PKI/ca.key")
    nsx "$NS_A" timeout $((max_seconds + 90)) dotnet "$LOADER" --local $ADDR_A --remote $ADDR_B --count "$count" --window "$window" \
        --max-seconds "$max_seconds" --ike "$2" --esp "$3" --responder-id b.lab.example --psk "$PSK" --responder-pid "$4" --label "$1" \
        "${auth[@]}" | tee -a "$RUN/results.txt" || status=1
}

# The certificate suite's PKI (RSA-2048): a CA and the responder's certificate for b.lab.example, both responders alike;
# the load tool issues one certificate per initiator identity from the same CA.
make_pki() {
    PKI="$RUN/pki"
    [ -s "$PKI/b.pem" ] && return 0
    mkdir -p "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.pem" -days 2 -subj "/CN=DotSwan load CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout "$PKI/b.key" -out "$PKI/b.csr" -subj "/CN=b.lab.example" 2>/dev/null
    printf 'subjectAltName=DNS:b.lab.example\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n' > "$PKI/b.ext"
    openssl x509 -req -in "$PKI/b.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -set_serial 2 -days 2 -extfile "$PKI/b.ext" \
        -out "$PKI/b.pem" 2>/dev/null
    chmod 600 "$PKI/ca.key" "$PKI/b.key"
}

run_dotswan() { # ike esp label auth(psk|cert)
    local dir="$RUN/dotswan" pid local_auth="{ id: b.lab.example, auth: psk }" remote_auth="{ auth: psk }"
    if [ "$4" = cert ]; then
        local_auth="{ id: b.lab.example, auth: pubkey, certs: [$PKI/b.pem], private_key: $PKI/b.key }"
        remote_auth="{ auth: pubkey, cacerts: [$PKI/ca.pem] }"
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    cat > "$dir/dotswan.yaml" <<YAML
daemon:
  listen: [$ADDR_B]
  control_socket: $dir/control.sock
  data_plane: memory
  # Like for like with strongSwan's dos_protection = no (the lab's strongswan.conf): no COOKIE round, and a half-open
  # limit above the load's window.
  cookie_threshold: never
  half_open_limit: 4096
  logging:
    default: warning
connections:
  load:
    version: 2
    local_addrs: $ADDR_B
    remote_addrs: "%any"
    proposals: $1
    local: $local_auth
    remote: $remote_auth
    children:
      net:
        local_ts: 10.2.0.0/16
        remote_ts: 10.1.0.0/16
        esp_proposals: $2
secrets:
  ike:
    - ids: [b.lab.example]
      secret: "$PSK"
YAML
    chmod 600 "$dir/dotswan.yaml"
    nsx "$NS_B" setsid -f env DOTNET_TieredCompilation=${DOTSWAN_TIERED:-0} ${PERF:+DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0} sh -c 'echo $$ > "$0"; exec "$@"' "$dir/daemon.pid" $DAEMON_CMD daemon --config "$dir/dotswan.yaml" \
        >"$dir/daemon.log" 2>&1 </dev/null
    for _ in $(seq 1 50); do [ -s "$dir/daemon.pid" ] && break; sleep 0.1; done
    pid=$(cat "$dir/daemon.pid"); PIDS+=("$pid:dotnet")
    wait_udp500 "$NS_B" || { cat "$dir/daemon.log" >&2; return 1; }
    sleep 1
    # PERF=/path: profile the daemon for 4 s, 1 s into the load run (JIT symbols from the perf map).
    [ -n "${PERF:-}" ] && (sleep 1; timeout 20 perf record -F "${PERF_FREQ:-499}" -g -p "$pid" -o "$PERF.$3" -- sleep 4 >/dev/null 2>&1) &
    drive "dotswan-$3" "$1" "$2" "$pid" "$4"
    wait
    stop_pid "$pid" dotnet
}

run_strongswan() { # ike esp label auth(psk|cert)
    local dir="$RUN/swan" pid local_auth="auth = psk" remote_auth="auth = psk"
    rm -rf "$dir"
    mkdir -p "$dir/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12,conf.d}
    if [ "$4" = cert ]; then
        cp "$PKI/b.pem" "$dir/swanctl/x509/"; cp "$PKI/ca.pem" "$dir/swanctl/x509ca/"; cp "$PKI/b.key" "$dir/swanctl/private/"
        local_auth="auth = pubkey
            certs = b.pem"
        remote_auth="auth = pubkey
            cacerts = ca.pem"
    fi
    : > "$dir/extra.conf"
    : > "$dir/global.conf"
    sed -e "s|@DIR@|$dir|g" -e "s|@EXTRA@|$dir/extra.conf|" -e "s|@GLOBAL_EXTRA@|$dir/global.conf|" \
        -e "s|@LOAD@|kernel-libipsec kernel-netlink socket-default random nonce aesni openssl aes sha1 sha2 md5 hmac gcm kdf pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 vici|" \
        -e "s|@LOGLEVEL_IKE@|${SWAN_LOG:-0}|; s|@LOGLEVEL_CHD@|${SWAN_LOG:-0}|; s|@LOGLEVEL_OTHER@|${SWAN_LOG:-0}|" \
        "$LAB_CONF/strongswan.conf.in" > "$dir/strongswan.conf"
    cat > "$dir/swanctl/swanctl.conf" <<SWAN
connections {
    load {
        version = 2
        local_addrs = $ADDR_B
        proposals = $1
        local { $local_auth
            id = b.lab.example }
        remote { $remote_auth }
        children {
            net {
                local_ts = 10.2.0.0/16
                remote_ts = 10.1.0.0/16
                esp_proposals = $2
                mode = tunnel
            }
        }
    }
}
secrets {
    ike-load {
        id-responder = b.lab.example
        id-initiators = %any
        secret = "$PSK"
    }
}
SWAN
    nsx "$NS_B" setsid -f sh -c 'echo $$ > "$0"; exec env STRONGSWAN_CONF="$1" /usr/sbin/charon-systemd' \
        "$dir/charon.pid" "$dir/strongswan.conf" >"$dir/stdout.log" 2>&1 </dev/null
    for _ in $(seq 1 50); do [ -s "$dir/charon.pid" ] && break; sleep 0.1; done
    pid=$(cat "$dir/charon.pid"); PIDS+=("$pid:charon-systemd")
    for _ in $(seq 1 100); do [ -S "$dir/charon.vici" ] && break; sleep 0.1; done
    for _ in $(seq 1 25); do
        SWANCTL_DIR="$dir/swanctl" swanctl --load-all --uri "unix://$dir/charon.vici" >/dev/null 2>&1 && break; sleep 0.2
    done
    SWANCTL_DIR="$dir/swanctl" swanctl --list-conns --uri "unix://$dir/charon.vici" | grep -q load || { cat "$dir/charon.log" >&2; return 1; }
    sleep 1
    drive "strongswan-$3" "$1" "$2" "$pid" "$4"
    [ -n "${KEEP_LOG:-}" ] && cp "$dir/charon.log" "$KEEP_LOG"
    stop_pid "$pid" charon-systemd
}

log "building"
dotnet build bench/DotSwan.LoadTester -c Release -v:q -nologo >/dev/null
dotnet build src/DotSwan.Cli -c Release -v:q -nologo >/dev/null
log "count=$count window=$window max_seconds=$max_seconds"
: > "$RUN/results.txt"
for suite in gcm modp cert; do
    [ -n "${SUITE:-}" ] && [ "$SUITE" != $suite ] && continue
    auth=psk esp=aes128gcm16
    case $suite in
        gcm) ike=aes128gcm16-prfsha256-x25519 ;;
        modp) ike=aes256-sha256-modp2048 ;;
        cert) ike=aes128gcm16-prfsha256-ecp256 auth=cert; make_pki ;;
    esac
    if [ "${ONLY:-}" != strongswan ]; then setup_namespaces; run_dotswan $ike $esp $suite $auth; fi
    if [ "${ONLY:-}" != dotswan ]; then setup_namespaces; run_strongswan $ike $esp $suite $auth; fi
done
exit $status
