#!/usr/bin/env bash
# Benchmarks/mem-probe.sh WS PORT (BIN=.build/release/entente-server): memory of a server under reads only: a server on WS, signed in, reads only (4 pages × 3 rounds × 15 s, 8 connections), VmRSS after each.
ws=$1; port=$2; bin=${BIN:-.build/release/entente-server}
echo "memprobe-password-16-long" | $bin --workspace $ws user add memprobe --role admin --password-stdin >/dev/null 2>&1
$bin --workspace $ws serve --port $port > /tmp/memprobe-$port.log 2>&1 &
pid=$!; sleep 3
jar=/tmp/memprobe-$port.jar; rm -f $jar
curl -s -c $jar -o $jar.form http://127.0.0.1:$port/login
csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' $jar.form | head -1)
curl -s -o /dev/null -b $jar -c $jar --data-urlencode login=memprobe --data-urlencode password=memprobe-password-16-long --data-urlencode "_csrf=$csrf" http://127.0.0.1:$port/login
cookie="Cookie: $(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}' $jar)"
rss() { grep VmRSS /proc/$pid/status | awk '{printf "%d", $2/1024}'; }
echo "start $(rss) MiB; activities: $($bin --workspace $ws activity list --agreement quebec-pole-emploi-2022 --format json 2>/dev/null | grep -c '"title"')"
for round in 1 2 3; do
  line="round $round:"
  for p in / /agreements/quebec-pole-emploi-2022 /agreements/quebec-pole-emploi-2022/activities "/agreements/quebec-pole-emploi-2022/reports?kind=biennial&from=2024-11-08&to=2026-11-07"; do
    wrk -t1 -c8 -d12s -H "$cookie" "http://127.0.0.1:$port$p" > /dev/null
    line="$line $(rss)"
  done
  echo "$line MiB"
done
kill $pid
