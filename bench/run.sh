#!/usr/bin/env bash
# Runs the micro-benchmarks and, in the same run, the OpenSSL figures they are compared with.
# Usage: bench/run.sh [wire|crypto|ipsec|all]   (results: artifacts/bench/<suite>/results/*.md)
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-all}"
out=artifacts/bench
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

run() { # project filter
    dotnet run -c Release --project "bench/$1" -- --filter "$2" --job short --exporters github \
        --artifacts "$out/$1" 2>&1 | grep -E '^\|' || true
}

if [ "$suite" = wire ] || [ "$suite" = all ]; then
    run DotSwan.Wire.Benchmarks '*'
fi
if [ "$suite" = crypto ] || [ "$suite" = all ]; then
    run DotSwan.Crypto.Benchmarks '*Aead*'
    openssl speed -evp aes-128-gcm -bytes 1400 -seconds 3 2>/dev/null | tail -n 2
    openssl speed -evp chacha20-poly1305 -bytes 1400 -seconds 3 2>/dev/null | tail -n 2
    run DotSwan.Crypto.Benchmarks '*KeyExchange*'
    openssl speed -seconds 3 ecdhx25519 ecdhp256 ffdh2048 ffdh3072 2>/dev/null | grep -E 'ecdh|ffdh|op/s'
    run DotSwan.Crypto.Benchmarks '*Signature*'
    openssl speed -seconds 3 rsa2048 ecdsap256 2>/dev/null | grep -E 'rsa|ecdsa|sign'
fi
if [ "$suite" = ipsec ] || [ "$suite" = all ]; then
    if [ -d bench/DotSwan.Ipsec.Benchmarks ]; then run DotSwan.Ipsec.Benchmarks '*'; fi
fi
