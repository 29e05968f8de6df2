#!/usr/bin/env bash
# Runs every DotSwan test. As root on Debian it first installs what the tests need (strongSwan with
# kernel-libipsec, iperf3, tshark, iptables and conntrack for the NAT lab); elsewhere tests that need them skip and say why.
# The last line is always "N passed, N failed"; the exit code is 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(charon-systemd strongswan-charon strongswan-swanctl strongswan-pki libstrongswan
    libstrongswan-standard-plugins libstrongswan-extra-plugins libcharon-extra-plugins
    libcharon-extauth-plugins iproute2 iputils-ping iperf3 tshark procps iptables conntrack)

install_test_dependencies() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: not root or no apt-get: not installing ${APT_PACKAGES[*]}; tests that need them will skip"
        return
    fi
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # No daemon may start from a package's postinst: the tests start their own peers.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
        || echo "test.sh: apt-get failed; tests that need these packages will skip"
    rm -f /usr/sbin/policy-rc.d
}

install_test_dependencies

results=artifacts/test-results
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! dotnet build DotSwan.sln -c Release -nologo -v:q; then
    echo "test.sh: build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

dotnet test DotSwan.sln -c Release --no-build -nologo \
    --logger "trx" --results-directory "$results" --blame-hang-timeout 10m
test_rc=$?

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    files=$((files + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
    a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done

# A test run that crashed or hung writes no (or too few) result files: count it as a failure.
projects=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | wc -l)
if [ "$files" -lt "$projects" ]; then
    failed=$((failed + projects - files))
    echo "test.sh: only $files of $projects test projects reported results"
fi
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
