#!/usr/bin/env bash
# Load on the web interface over loopback with wrk (Debian package `wrk`): the dashboard, an
# agreement page and its activity list (first page), CONNECTIONS (default 32) connections.
# Prints wrk's latency distribution (p50 … p99) and its error lines per page. Then, when the
# workspace has several agreements, the agreement page and the activity log again, each
# request for an agreement drawn at random (`many-agreements.lua`): pages rendered afresh.
#
#   swift build -c release --product entente-server
#   Benchmarks/web-load.sh [BINARY] [SECONDS] [WORKSPACE] [AGREEMENT]
#
# Without WORKSPACE: a fresh sample workspace (`entente demo`) and quebec-pole-emploi-2022.
# With one (e.g. the 10,000-agreement / 100,000-activity workspace that
# `entente-bench` builds in bench-out/ws-deadlines-10000), AGREEMENT defaults to its first.
# When the server has a sign-in page, a person `web-load` is created (admin) and signed in,
# and wrk sends that session's cookie.
set -euo pipefail
bin=${1:-.build/release/entente-server}
secs=${2:-15}
ws=${3:-}
agreement=${4:-}
conns=${CONNECTIONS:-32}
if [ -z "$ws" ]; then
    ws=$(mktemp -d)/demo
    "$bin" demo "$ws" >/dev/null
    agreement=${agreement:-quebec-pole-emploi-2022}
fi
if [ -z "$agreement" ]; then
    agreement=$("$bin" --workspace "$ws" status --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["agreements"][0]["id"])')
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
out=$(mktemp)
"$bin" --workspace "$ws" serve --port "$port" >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until grep -q "Listening on" "$out"; do sleep 0.1; done
base="http://127.0.0.1:$port"

# Sign-in (shared contract): GET /sign-in for the form's _csrf, POST /sign-in.
jar=$(mktemp)
cookie=()
if [ "$(curl -s -o "$jar.form" -w '%{http_code}' -c "$jar" "$base/login")" = 200 ]; then
    echo "web-load-password-16-long" | "$bin" --workspace "$ws" user add web-load --role admin --password-stdin >/dev/null 2>&1 || true
    csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$jar.form" | head -1)
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "login=web-load" \
        --data-urlencode "password=web-load-password-16-long" --data-urlencode "next=/" --data-urlencode "_csrf=$csrf" "$base/login")
    [ "$code" = 303 ] || { echo "sign-in refused ($code)" >&2; exit 1; }
    # curl's jar marks HttpOnly cookies with a "#HttpOnly_" prefix: not a comment.
    cookie=(-H "Cookie: $(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar")")
    echo "signed in as web-load"
else
    echo "no sign-in page: pages are open"
fi

echo "workspace: $ws; agreement: $agreement; $conns connections, ${secs} s per page; uptime: $(uptime)"
for path in / "/agreements/$agreement" "/agreements/$agreement/activities"; do
    # Warm up, and fail early on a broken page or one that is not served (a redirect to the
    # sign-in page would measure nothing).
    code=$(curl -sS -o /dev/null -w '%{http_code}' "${cookie[@]}" "$base$path")
    [ "$code" = 200 ] || { echo "$path answered $code, not 200" >&2; exit 1; }
    echo "== $path ($(curl -sS -o /dev/null -w '%{size_download}' "${cookie[@]}" "$base$path") bytes)"
    wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency "${cookie[@]}" "$base$path" \
        | sed -n -e '/Latency Distribution/,/99%/p' -e '/requests in/p' -e '/Socket errors/p' -e '/Non-2xx/p' -e '/Requests\/sec/p'
done
# The same two pages, each request for another agreement drawn at random: what is kept
# (`PageFragments`) then rarely serves, and this measures pages rendered afresh.
ids=$(mktemp)
"$bin" --workspace "$ws" status --format json | python3 -c 'import json,sys; print("\n".join(a["id"] for a in json.load(sys.stdin)["agreements"]))' >"$ids"
if [ "$(wc -l <"$ids")" -gt 1 ]; then
    for suffix in "" /activities; do
        echo "== /agreements/(one of $(wc -l <"$ids") at random)$suffix"
        ENTENTE_IDS=$ids ENTENTE_SUFFIX=$suffix wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency "${cookie[@]}" \
            -s "$(dirname "$0")/many-agreements.lua" "$base" \
            | sed -n -e '/Latency Distribution/,/99%/p' -e '/requests in/p' -e '/Socket errors/p' -e '/Non-2xx/p' -e '/Requests\/sec/p'
    done
fi
echo "uptime after: $(uptime)"
