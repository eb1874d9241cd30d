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
# Pages need a signed-in person (issue 13): a staff member who signs in once, below.
pw='bench passphrase long enough'
printf '%s\n' "$pw" | "$bin" --workspace "$ws" user add bench --role staff --password-stdin >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
out=$(mktemp)
"$bin" --workspace "$ws" serve --port "$port" >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until grep -q "Listening on" "$out"; do sleep 0.1; done
base="http://127.0.0.1:$port"
jar=$(mktemp)
csrf=$(curl -fsS -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login=bench" --data-urlencode "password=$pw" --data "_csrf=$csrf" "$base/login"
session=$(awk '$6 == "entente_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
for path in / /agreements/quebec-pole-emploi-2022 /agreements/quebec-pole-emploi-2022/activities; do
    test "$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: entente_session=$session" "$base$path")" = 200   # warm up; fail early on a broken page
    echo "== $path"
    wrk -t2 -c32 -d"${secs}s" --latency -H "Cookie: entente_session=$session" "$base$path" | sed -n '/Latency Distribution/,$p'
done
