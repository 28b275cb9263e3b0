#!/usr/bin/env bash
# The Data API's findOne by _id against the REST API's GET of the same document, on one server in one run
# (docs/performance.md#the-data-api): starts the server on the embedded in-memory backend with Basic auth (the
# admin), seeds 10,000 documents, then runs wrk in turns — REST, Data API, REST, Data API — ROUNDS times and
# reports each run (requests/s, p99, the server's CPU time per request from /proc/PID/stat) and the medians. On a
# shared, busy machine requests/s swing with the load; CPU per request is the steadier figure. The target: findOne
# within 15 % of GET /{db}/{coll}/{id}.
# JAR=… benchmarks another build; DURATION, CONNECTIONS, ROUNDS, PORT as in bench/security.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18081}"
BASE="http://127.0.0.1:$PORT"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
ROUNDS="${ROUNDS:-5}"
OUT="${OUT:-bench/results-data-api.txt}"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
HEAP="${HEAP:-2g}"
ADMIN_PASSWORD="bench-admin-password"
REST_PATH="/bench/items/4242?id_type=NUMBER"
ACTION_PATH="/app/bench/endpoint/data/v1/action/findOne"
AUTH="Authorization: Basic $(printf 'admin:%s' "$ADMIN_PASSWORD" | base64 -w0)"
PID=
TICKS=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }   # user + system time of the server, in ticks
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; PID=; }
trap 'stop; rm -f bench/data-api-findone.lua' EXIT

cat > bench/data-api-findone.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"dataSource": "mongodb-atlas", "database": "bench", "collection": "items", "filter": {"_id": 4242}}'
LUA

MANGROVE_ADMIN_PASSWORD="$ADMIN_PASSWORD" "$JAVA" -Xmx"$HEAP" -Xmn32m -Dserver.port="$PORT" \
    -Dmangrove.embedded.in-memory=true -jar "$JAR" > bench/server-data-api.log 2>&1 &
PID=$!
for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
seq 0 9999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d,\"price\":%d.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":%d}}", (NR>1?",":""), $1, $1, $1%100, $1%1000, $1} END{printf "]"}' \
    | curl -sf -o /dev/null -H "$AUTH" -X POST "$BASE/bench/items" -H 'Content-Type: application/json' --data-binary @-
rest_body=$(curl -sf -H "$AUTH" "$BASE$REST_PATH")
api_body=$(curl -sf -H "$AUTH" -X POST "$BASE$ACTION_PATH" -H 'Content-Type: application/json' \
    -d '{"dataSource": "mongodb-atlas", "database": "bench", "collection": "items", "filter": {"_id": 4242}}')
[ "{\"document\":$rest_body}" = "$api_body" ] || { echo "different answers: $rest_body / $api_body" >&2; exit 1; }

rps() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
run() { # label, wrk args...: prints the run to stderr, "requests/s CPU-µs-per-request" to stdout
    local label=$1; shift
    local result cpu0 cpu1 requests
    cpu0=$(cpu)
    result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$@")
    cpu1=$(cpu)
    requests=$(echo "$result" | awk '/requests in/ {print $1}')
    echo "## $label (load $(cut -d" " -f1 /proc/loadavg))" >&2
    echo "$result" | grep -E "requests in|Requests/sec|50%|99%|Non-2xx|Socket errors" >&2
    echo "server CPU per request: $(( (cpu1 - cpu0) * 1000000 / TICKS / requests )) µs" >&2
    echo "$(rps "$result") $(( (cpu1 - cpu0) * 1000000 / TICKS / requests ))"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

{
echo "# Mangrove Data API benchmark $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $JAR; wrk -t2 -c$CONNECTIONS -d$DURATION, Basic auth (admin), embedded in-memory backend, 10,000 documents, -Xmx$HEAP -Xmn32m"
wrk -t2 -c"$CONNECTIONS" -d15s -H "$AUTH" "$BASE$REST_PATH" > /dev/null                              # warm-up
wrk -t2 -c"$CONNECTIONS" -d15s -H "$AUTH" -s bench/data-api-findone.lua "$BASE$ACTION_PATH" > /dev/null  # warm-up
rest=(); api=()
for round in $(seq 1 "$ROUNDS"); do
    rest+=("$(run "round $round: REST GET $REST_PATH" "$BASE$REST_PATH")")
    api+=("$(run "round $round: Data API POST $ACTION_PATH (findOne by _id)" -s bench/data-api-findone.lua \
        "$BASE$ACTION_PATH")")
done
r=$(printf '%s\n' "${rest[@]}" | cut -d' ' -f1 | median)
a=$(printf '%s\n' "${api[@]}" | cut -d' ' -f1 | median)
rc=$(printf '%s\n' "${rest[@]}" | cut -d' ' -f2 | median)
ac=$(printf '%s\n' "${api[@]}" | cut -d' ' -f2 | median)
echo "median requests/s: REST $r, Data API $a; Data API / REST = $(awk -v a="$a" -v r="$r" 'BEGIN {printf "%.3f", a / r}')"
echo "median server CPU per request: REST $rc µs, Data API $ac µs; Data API / REST = $(awk -v a="$ac" -v r="$rc" 'BEGIN {printf "%.3f", a / r}')"
} 2>&1 | tee "$OUT"
