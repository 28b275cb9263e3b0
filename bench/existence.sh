#!/usr/bin/env bash
# Cost of the existence check of missing databases/collections (issue 13, item 2): GET of a document by id,
# GET of a page of a collection and GET /{db}, on the embedded backend with security off.
#   bench/existence.sh                          # the jar of this checkout (mvn -DskipTests package)
#   JAR=/path/to/other/mangrove.jar bench/existence.sh   # another build, to compare
# Needs wrk and curl. Prints one line per endpoint: requests/s and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
PORT="${PORT:-18090}"
BASE="http://127.0.0.1:$PORT"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-8}"

"$JAVA" -Xmx512m -Dserver.port="$PORT" -Dmangrove.embedded.in-memory=true -Dmangrove.security.enabled=false \
    -jar "$JAR" > /tmp/mangrove-existence-bench.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
seq 0 999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\"}", (NR>1?",":""), $1, $1} END{printf "]"}' \
    | curl -sf -o /dev/null -X POST "$BASE/bench/items" -H 'Content-Type: application/json' --data-binary @-

run() { # label path
    wrk -t2 -c"$CONNECTIONS" -d5s --latency "$BASE$2" > /dev/null # warm-up
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$2" \
        | awk -v label="$1" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
                             END {printf "%-28s %10s req/s  p50 %8s  p99 %8s\n", label, rps, p50, p99}'
}
echo "jar: $JAR"
run "GET /bench/items/500" "/bench/items/500?id_type=NUMBER"
run "GET /bench/items?pagesize=10" "/bench/items?pagesize=10"
run "GET /bench" "/bench"
