#!/usr/bin/env bash
# Change-stream fan-out (docs/performance.md#change-streams): SUBSCRIBERS SSE clients on one named stream while
# RATE inserts/s are written for SECONDS, on the embedded in-memory backend. Needs curl, a JDK 21+ and a built
# jar (mvn -DskipTests package).
#   bench/streams.sh                                   # 1,000 subscribers, 500 inserts/s, 20 s
#   SUBSCRIBERS=100 RATE=200 DURATION=10 bench/streams.sh
#   WARMUP=0 bench/streams.sh                          # no warm-up (default 60 s at RATE, delivered, not counted)
#   SERVER_OPTS='-XX:StartFlightRecording=...' bench/streams.sh   # extra JVM options for the server (a profile);
#                                                                 CLIENT_OPTS the same for the client
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
PORT="${PORT:-18085}"
BASE="http://127.0.0.1:$PORT"
SUBSCRIBERS="${SUBSCRIBERS:-1000}"
RATE="${RATE:-500}"
SECONDS_="${DURATION:-20}"
WARMUP="${WARMUP:-60}"
OUT="${OUT:-bench/results-streams.txt}"
# shellcheck disable=SC2086
"$JAVA" -Xmx1g ${SERVER_OPTS:-} -Dserver.port="$PORT" -Dmangrove.embedded.in-memory=true -Dmangrove.security.enabled=false \
    -Dmangrove.streams.queue=10000 -jar "$JAR" > bench/server-streams.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT  # waits: the next run may use the port
for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
kill -0 "$PID" || { echo "server did not start (port $PORT in use?)"; exit 1; }
{
echo "# Mangrove change-stream benchmark $(date -u +%FT%TZ) on $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg)), $("$JAVA" -version 2>&1 | head -1)"
echo "# $SUBSCRIBERS SSE subscribers, $RATE inserts/s for $SECONDS_ s after $WARMUP s of warm-up, embedded in-memory backend, server -Xmx1g"
# shellcheck disable=SC2086
"$JAVA" -Xmx1g ${CLIENT_OPTS:-} bench/StreamBench.java "$BASE" "$SUBSCRIBERS" "$RATE" "$SECONDS_" "$PID" "$WARMUP"
} | tee "$OUT"
