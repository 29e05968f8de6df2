#!/usr/bin/env bash
# Handshake load: DotSwan's load initiator (bench/DotSwan.LoadTester) establishes N IKE SAs with one Child SA each (PSK),
# at most W in flight, against a DotSwan responder and a strongSwan 5.9.8 responder (charon-systemd, kernel-libipsec
# installing every Child SA), one after the other in the same run. Reports handshakes/s, responder CPU per handshake and
# RSS growth per established SA (from /proc of the responder's PID).
# - VERSION=2 (default): IKE_SA_INIT + IKE_AUTH, suites aes128gcm16-prfsha256-x25519 (SUITE=gcm) and
#   aes256-sha256-modp2048 (SUITE=modp), ESP aes128gcm16; DotSwan responder: `dotswan daemon`, memory data plane (SAs
#   kept in memory, no packet I/O), run with tiered compilation off (DOTNET_TieredCompilation=0, as dist/dotswan.service
#   sets it; DOTSWAN_TIERED=1 turns tiering back on; docs/benchmarks.md says why). SUITE=cert: RSA-2048 certificates both
#   ways + aes128gcm16-prfsha256-ecp256: the script makes a CA and the responder's certificate (openssl), the load tool
#   issues one certificate per initiator identity from that CA before the run.
#   Neither responder asks for COOKIEs: strongSwan runs with dos_protection = no, DotSwan with cookie_threshold: never.
# - VERSION=1: Main Mode (PSK) + one Quick Mode (ESP aes128-sha256, no PFS) per ISAKMP SA, suites aes256-sha256-modp2048
#   (SUITE=modp) and aes128-sha256-ecp256 (SUITE=ecp); strongSwan with `version = 1`; DotSwan responder: `dotswan daemon`
#   with a `version: 1` connection and the memory data plane, or with DOTSWAN=testhost the IKE test host
#   (tests/DotSwan.Ike.TestHost --ikev1, one %any connection for any peer address and identity), which installs every
#   IPsec SA pair in its userspace SAD (UDP-encapsulated: its data plane only carries ESP in UDP, so it forces NAT-T);
#   either runs with tiered compilation off like the IKEv2 daemon.
#
# Usage (root): bench/handshake-load.sh [N, default 2000, at most 100000] [W in flight, default 64, at most 1024]
#   VERSION=1|2, DOTSWAN=daemon|testhost (VERSION=1 only), ONLY=dotswan|strongswan one responder only, SUITE=gcm|modp|cert|ecp
#   one suite only, PERF=/path/prefix profiles the DotSwan responder (perf record, 4 s of the run, PERF_FREQ Hz, default 499),
#   SWAN_LOG=N charon log level, KEEP_LOG=FILE keeps the charon log, DOTSWAN_BIN=/path/dotswan runs that executable instead
#   of the self-contained ReadyToRun publish the script makes (DOTSWAN_R2R=0: the plain build output through `dotnet`).
#   At the end it prints a Markdown table of the run's results.
# Bounded: each load run stops after 60 s (MAX_SECONDS, at most 1200); every wait has a limit; only processes this
# script started are stopped (by PID); its namespaces (dswload-<pid>-a/b) and run directory are removed on exit.
# Addresses: initiator 192.0.2.1/24 in namespace a, responder 192.0.2.2/24 in namespace b, on a veth pair.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}; count=$(( count > 100000 ? 100000 : (count < 1 ? 1 : count) ))
window=${2:-64}; window=$(( window > 1024 ? 1024 : (window < 1 ? 1 : window) ))
max_seconds=${MAX_SECONDS:-60}; max_seconds=$(( max_seconds > 1200 ? 1200 : max_seconds ))
version=${VERSION:-2}
case "$version" in 1|2) ;; *) echo "VERSION must be 1 or 2" >&2; exit 2 ;; esac
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
TESTHOST=tests/DotSwan.Ike.TestHost/bin/Release/net10.0/DotSwan.Ike.TestHost.dll
# The DotSwan daemon as README installs it: a self-contained ReadyToRun publish (DOTSWAN_R2R=0: the plain build output
# through `dotnet`; DOTSWAN_BIN=/path/dotswan: that executable).
PUBLISHED=src/DotSwan.Cli/bin/Release/net10.0/linux-x64/load-publish
DAEMON_CMD="$PUBLISHED/dotswan"
[ "${DOTSWAN_R2R:-1}" = 0 ] && DAEMON_CMD="dotnet $DAEMON"
[ -n "${DOTSWAN_BIN:-}" ] && DAEMON_CMD="$DOTSWAN_BIN"
# The daemon's process name as /proc/PID/comm shows it (the executable's name, at most 15 characters): stop_pid only
# stops a PID still running that program, so with the published `dotswan` a check for "dotnet" left every daemon running.
DAEMON_COMM=$(basename "${DAEMON_CMD%% *}" | cut -c1-15)

# Runs the load initiator in namespace a against the responder PID given; prints its result line.
drive() { # label ike esp responder_pid [auth: psk|cert]
    local auth=(--auth psk)
    [ "${5:-psk}" = cert ] && auth=(--auth cert --ca-cert "$PKI/ca.pem" --ca-key "$PKI/ca.key")
    nsx "$NS_A" timeout $((max_seconds + 90)) dotnet "$LOADER" --local $ADDR_A --remote $ADDR_B --count "$count" --window "$window" \
        --max-seconds "$max_seconds" --ike "$2" --esp "$3" --responder-id b.lab.example --psk "$PSK" --responder-pid "$4" --label "$1" --version "$version" \
        "${auth[@]}" | tee -a "$RUN/results.txt" || status=1
}

# The certificate suite's PKI (RSA-2048): a CA and the responder's certificate for b.lab.example, for both responders;
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
    version: $version
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
    pid=$(cat "$dir/daemon.pid"); PIDS+=("$pid:$DAEMON_COMM")
    wait_udp500 "$NS_B" || { cat "$dir/daemon.log" >&2; return 1; }
    sleep 1
    # PERF=/path: profile the daemon for 4 s, 1 s into the load run (JIT symbols from the perf map).
    [ -n "${PERF:-}" ] && (sleep 1; timeout 20 perf record -F "${PERF_FREQ:-499}" -g -p "$pid" -o "$PERF.$3" -- sleep 4 >/dev/null 2>&1) &
    drive "dotswan-$3" "$1" "$2" "$pid" "$4"
    wait
    stop_pid "$pid" "$DAEMON_COMM"
}

# IKEv1 DotSwan responder: the IKE test host with one connection for any peer (address 0.0.0.0, identity %any).
run_testhost() { # ike esp label
    local dir="$RUN/testhost" pid
    rm -rf "$dir"; mkdir -p "$dir"
    nsx "$NS_B" setsid -f env DOTNET_TieredCompilation=${DOTSWAN_TIERED:-0} ${PERF:+DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0} sh -c 'echo $$ > "$0"; exec dotnet "$@"' "$dir/host.pid" "$TESTHOST" \
        --ikev1 --quiet --tun dswload0 --local $ADDR_B --peer 0.0.0.0 --local-id b.lab.example --remote-id %any --psk "$PSK" \
        --ike "$1" --esp "$2" --local-ts 10.2.0.0/16 --remote-ts 10.1.0.0/16 --max-seconds $((max_seconds + 60)) \
        >"$dir/host.log" 2>&1 </dev/null
    for _ in $(seq 1 50); do [ -s "$dir/host.pid" ] && break; sleep 0.1; done
    pid=$(cat "$dir/host.pid"); PIDS+=("$pid:dotnet")
    wait_udp500 "$NS_B" || { cat "$dir/host.log" >&2; return 1; }
    sleep 1
    [ -n "${PERF:-}" ] && (sleep 1; timeout 20 perf record -F "${PERF_FREQ:-499}" -g -p "$pid" -o "$PERF.$3" -- sleep 4 >/dev/null 2>&1) &
    drive "dotswan-$3" "$1" "$2" "$pid"
    wait
    stop_pid "$pid" dotnet
    # The host's exit counters: IPsec SA pairs installed, IKE messages it could not place.
    grep -E "childsa.installed|engine.(malformed|unknownspi|decryptionfailures|halfopenrefused)|ike.sendfailures" "$dir/host.log" | tr '\n' ' ' >&2; echo >&2
}

run_strongswan() { # ike esp label auth(psk|cert)
    local dir="$RUN/swan" pid local_auth="auth = psk" remote_auth="auth = psk"
    rm -rf "$dir"
    mkdir -p "$dir/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12,conf.d}
    if [ "${4:-psk}" = cert ]; then
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
        version = $version
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
dotswan=${DOTSWAN:-daemon}
if [ "$version" = 1 ] && [ "$dotswan" = testhost ]; then
    dotnet build tests/DotSwan.Ike.TestHost -c Release -v:q -nologo >/dev/null
else
    dotswan=daemon
    dotnet build src/DotSwan.Cli -c Release -v:q -nologo >/dev/null
    if [ "${DOTSWAN_R2R:-1}" != 0 ] && [ -z "${DOTSWAN_BIN:-}" ] && [ "${ONLY:-}" != strongswan ]; then
        dotnet publish src/DotSwan.Cli -c Release -r linux-x64 --self-contained -o "$PUBLISHED" -v:q -nologo >/dev/null
    fi
fi
if [ "$version" = 1 ]; then suites="modp ecp"; else suites="gcm modp cert"; fi
log "version=$version dotswan=$dotswan daemon=$DAEMON_CMD count=$count window=$window max_seconds=$max_seconds load average: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$RUN/results.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for suite in $suites; do
    [ -n "${SUITE:-}" ] && [ "$SUITE" != $suite ] && continue
    auth=psk; [ $suite = cert ] && auth=cert
    case $version-$suite in
        2-gcm) ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16 ;;
        2-modp) ike=aes256-sha256-modp2048 esp=aes128gcm16 ;;
        2-cert) ike=aes128gcm16-prfsha256-ecp256 esp=aes128gcm16; make_pki ;;
        1-modp) ike=aes256-sha256-modp2048 esp=aes128-sha256 ;;
        1-ecp) ike=aes128-sha256-ecp256 esp=aes128-sha256 ;;
    esac
    if [ "${ONLY:-}" != strongswan ]; then
        setup_namespaces
        if [ "$dotswan" = testhost ]; then run_testhost $ike $esp $suite; else run_dotswan $ike $esp $suite $auth; fi
    fi
    if [ "${ONLY:-}" != dotswan ]; then setup_namespaces; run_strongswan $ike $esp $suite $auth; fi
done
log "done; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# A ready table for docs/benchmarks.md: one row per responder and suite, with DotSwan's CPU as a share of strongSwan's.
echo
echo "\`bench/handshake-load.sh $count $window\` (VERSION=$version), $(date -u '+%Y-%m-%d %H:%M UTC'), load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg):"
echo
echo "| responder, suite | established | handshakes/s | responder CPU ms per handshake | DotSwan / strongSwan CPU | RSS growth per SA |"
echo "|---|---:|---:|---:|---:|---:|"
awk '
    function field(name,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "" }
    /^label=/ {
        label = field("label"); split(label, parts, "-"); who = parts[1]; suite = parts[2]
        cpu[label] = field("cpu_ms_per_handshake")
        row[++n] = label; name[label] = (who == "dotswan" ? "DotSwan" : "strongSwan 5.9.8") ", " field("ike") (field("auth") == "cert" ? " (RSA-2048 certificates)" : " (PSK)")
        est[label] = field("established") "/" field("count"); rate[label] = field("rate"); kb[label] = field("kb_per_sa")
    }
    END {
        for (i = 1; i <= n; i++) {
            l = row[i]; split(l, parts, "-"); other = "strongswan-" parts[2]; ratio = ""
            if (parts[1] == "dotswan" && cpu[other] > 0) ratio = sprintf("%.2fx", cpu[l] / cpu[other])
            printf "| %s | %s | %s | %s | %s | %s KB |\n", name[l], est[l], rate[l], cpu[l], ratio, kb[l]
        }
    }' "$RUN/results.txt"
exit $status
