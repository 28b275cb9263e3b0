#!/usr/bin/env bash
# Write throughput of single-document POSTs on the embedded H2 file backend (the default), where every
# 201 waits for a commit and an fsync (docs/operations.md#durability). Needs wrk, curl, a JDK 21+ and a
# built jar (mvn -DskipTests package); JAR=… measures another build (a mangrove.jar with its lib/ beside it).
#   bench/writes.sh                     # 32 connections, 15 s
#   CONNECTIONS=1,8,32 bench/writes.sh  # several concurrency levels, one fresh data directory each
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
PORT="${PORT:-18081}"
BASE="http://127.0.0.1:$PORT"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-32}"
OUT="${OUT:-bench/results-writes.txt}"
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"item","group":7,"price":12.5,"tags":["a","b"],"nested":{"x":1}}'
LUA
{
echo "# Mangrove write benchmark $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $JAR"
for c in ${CONNECTIONS//,/ }; do
    DATA=$(mktemp -d)
    "$JAVA" -Xmx1g -Dserver.port="$PORT" -Dmangrove.embedded.data-dir="$DATA" -Dmangrove.security.enabled=false \
        -jar "$JAR" > bench/server-writes.log 2>&1 &
    PID=$!
    trap 'kill $PID 2>/dev/null || true' EXIT
    for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
    kill -0 "$PID" || { echo "server did not start (port $PORT in use?)"; exit 1; }
    curl -sf -o /dev/null -X POST "$BASE/bench/writes" -H 'Content-Type: application/json' -d '{"warm":1}'
    echo "## POST /bench/writes, $c connections, embedded H2 file backend"
    wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"$DURATION" --latency -s "$LUA" "$BASE/bench/writes" | grep -E "Requests/sec|Latency  |99%|Non-2xx"
    echo "documents stored: $(curl -sf "$BASE/bench/writes/_size" | tr -dc '0-9')"
    kill "$PID"; wait "$PID" 2>/dev/null || true
    rm -rf "$DATA"
done
} | tee "$OUT"
rm -f "$LUA"
