#!/usr/bin/env bash
# Write throughput of single-document POSTs on the embedded H2 file backend (the default), where every
# 201 waits for a commit and an fsync (docs/operations.md#durability). Needs wrk, curl, a JDK 21+ and a
# built jar (mvn -DskipTests package); JAR=… measures another build (a mangrove.jar with its lib/ beside it).
#   bench/writes.sh                     # 32 connections, 15 s
#   CONNECTIONS=1,8,32 bench/writes.sh  # several concurrency levels, one fresh data directory each
#   BULK=10000 bench/writes.sh          # instead: POST arrays of 10,000 documents, in memory and to the H2 file
#   BULK=10000 BACKENDS=in-memory bench/writes.sh   # only in memory
#   BULK=10000 RUNS=12 bench/writes.sh               # more POSTs per server (the first ones warm the JIT up)
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
if [ -n "${BULK:-}" ]; then
    {
    echo "# Mangrove bulk insert benchmark $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $JAR"
    BODY=$(mktemp)
    seq 1 "$BULK" | awk 'BEGIN{printf "["} {printf "%s{\"name\":\"item-%d\",\"group\":%d,\"price\":%d.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":%d}}", (NR>1?",":""), $1, $1%100, $1%1000, $1} END{printf "]"}' > "$BODY"
    for backend in ${BACKENDS:-in-memory file}; do
        DATA=$(mktemp -d)
        "$JAVA" -Xmx1g -Dserver.port="$PORT" -Dmangrove.embedded.data-dir="$DATA" -Dmangrove.security.enabled=false \
            -Dmangrove.embedded.in-memory=$([ "$backend" = in-memory ] && echo true || echo false) \
            -jar "$JAR" > bench/server-writes.log 2>&1 &
        PID=$!
        trap 'kill $PID 2>/dev/null || true' EXIT
        for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
        kill -0 "$PID" || { echo "server did not start (port $PORT in use?)"; exit 1; }
        echo "## POST of an array of $BULK documents, embedded $backend backend (${RUNS:-5} runs, fresh collection each)"
        for run in $(seq 1 "${RUNS:-5}"); do
            T=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "$BASE/bench/bulk$run" \
                -H 'Content-Type: application/json' --data-binary @"$BODY")
            echo "run $run: status ${T% *}, ${T#* } s = $(echo "$BULK / ${T#* }" | bc) documents/s"
        done
        kill "$PID"; wait "$PID" 2>/dev/null || true
        rm -rf "$DATA"
    done
    rm -f "$BODY"
    } | tee "${OUT%.txt}-bulk.txt"
    exit 0
fi
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
