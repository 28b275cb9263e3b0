#!/usr/bin/env bash
# 1,000 concurrent keep-alive connections (issue 18): GET of a document by id with wrk -c1000 on the embedded
# in-memory backend, security off. Reports requests/s, latency percentiles, socket errors and the server's RSS
# before and after (Helidon serves each connection on a virtual thread).
#   bench/connections.sh        (CONNECTIONS=1000 DURATION=20s by default; JAR=… for another build)
# Needs wrk (with ulimit -n above the connection count) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
PORT="${PORT:-18095}"; BASE="http://127.0.0.1:$PORT"
CONNECTIONS="${CONNECTIONS:-1000}"; DURATION="${DURATION:-20s}"
ulimit -n 65536 2>/dev/null || true
"$JAVA" -Xmx512m -Dserver.port="$PORT" -Dmangrove.embedded.in-memory=true -Dmangrove.security.enabled=false \
    -Dmangrove.limits.max-concurrent-requests=2000 -jar "$JAR" > /tmp/mangrove-connections-bench.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
seq 0 9999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\"}", (NR>1?",":""), $1, $1} END{printf "]"}' \
    | curl -sf -o /dev/null -X POST "$BASE/bench/items" -H 'Content-Type: application/json' --data-binary @-
rss() { awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$PID/status"; }
wrk -t2 -c64 -d10s "$BASE/bench/items/4242?id_type=NUMBER" > /dev/null # warm-up
echo "# bench/connections.sh $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RSS before: $(rss)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$BASE/bench/items/4242?id_type=NUMBER" \
    | grep -E "Requests/sec|Socket errors|Non-2xx|^ +(50|90|99)%|requests in"
echo "RSS after: $(rss)"
