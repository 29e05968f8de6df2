# Sourced by the bench scripts: two network namespaces joined by a veth pair, and the bounded cleanup of everything the
# script started in them. The sourcing script sets TAG (namespace and run-directory prefix) and LOG_PREFIX first.
# Addresses: 192.0.2.1/24 (vethA, namespace a) ↔ 192.0.2.2/24 (vethB, namespace b); inner 10.1.0.1 ↔ 10.2.0.1 on lo.

NS_A="$TAG-a" NS_B="$TAG-b" RUN="/run/$TAG"
ADDR_A=192.0.2.1 ADDR_B=192.0.2.2 INNER_A=10.1.0.1 INNER_B=10.2.0.1
PIDS=()   # "pid:comm" of every process started, stopped on exit
mkdir -p "$RUN"

log() { printf '[%s] %s\n' "$LOG_PREFIX" "$*" >&2; }
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# Stops one PID we started (TERM, then KILL after 10 s), only if it is still the program we started.
stop_pid() {
    local pid=$1 comm=$2
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# Whatever still runs inside our own namespaces was started by this script (a daemon whose PID was never recorded, say,
# because the script stopped between starting it and noting it); left alone it would outlive the deleted namespace.
stop_namespace_processes() {
    local ns=$1 pid
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && return 0; sleep 0.1; done
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
}

cleanup() {
    set +e
    for entry in "${PIDS[@]}"; do stop_pid "${entry%%:*}" "${entry#*:}"; done
    for ns in "$NS_A" "$NS_B"; do
        stop_namespace_processes "$ns"
        ip netns del "$ns" 2>/dev/null
    done
    rm -rf "$RUN"
}
trap cleanup EXIT

setup_namespaces() {
    # A fresh pair for each run: whatever still runs in the old one is ours and would outlive it.
    local old
    for old in "$NS_A" "$NS_B"; do
        stop_namespace_processes "$old"
        ip netns del "$old" 2>/dev/null || true
    done
    ip netns add "$NS_A"
    ip netns add "$NS_B"
    ip link add vethA netns "$NS_A" type veth peer name vethB netns "$NS_B"
    local side ns addr inner
    for side in A B; do
        if [ $side = A ]; then ns=$NS_A addr=$ADDR_A inner=$INNER_A; else ns=$NS_B addr=$ADDR_B inner=$INNER_B; fi
        nsx "$ns" ip link set lo up
        nsx "$ns" ip addr add "$addr/24" dev "veth$side"
        # Inner address on lo: charon routes the remote selector via ipsec0 from an address in the local one.
        nsx "$ns" ip addr add "$inner/32" dev lo
        nsx "$ns" ip link set "veth$side" up
        nsx "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    done
    nsx "$NS_A" ping -c1 -W2 "$ADDR_B" >/dev/null
}
