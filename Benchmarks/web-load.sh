#!/usr/bin/env bash
# Load on the web interface over loopback with wrk (Debian package `wrk`): the dashboard, an
# agreement page and an activity list, 32 connections, on the sample workspace
# (`entente demo DIR`). Prints wrk's latency distribution (p50 … p99) and errors per page.
#
#   swift build -c release --product entente-server
#   Benchmarks/web-load.sh [BINARY] [SECONDS]
set -euo pipefail
bin=${1:-.build/release/entente-server}
secs=${2:-15}
ws=$(mktemp -d)/demo
"$bin" demo "$ws" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
out=$(mktemp)
"$bin" --workspace "$ws" serve --port "$port" >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until grep -q "Listening on" "$out"; do sleep 0.1; done
base="http://127.0.0.1:$port"
for path in / /agreements/quebec-pole-emploi-2022 /agreements/quebec-pole-emploi-2022/activities; do
    curl -fsS -o /dev/null "$base$path"   # warm up, and fail early on a broken page
    echo "== $path"
    wrk -t2 -c32 -d"${secs}s" --latency "$base$path" | sed -n '/Latency Distribution/,$p'
done
