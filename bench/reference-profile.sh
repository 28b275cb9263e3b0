#!/usr/bin/env bash
# CPU profiles of Mangrove and the reference route (bench/reference.sh) on the same request, for comparing their
# per-request frames (docs/performance.md#against-the-limit-of-the-stack-the-reference-route-issue-18--2026-12-07).
# Starts the same backend, reference server and Mangrove (security off) as bench/reference.sh, warms both up, then
# records JFR jdk.CPUTimeSample (JDK 25) on each server while wrk loads it alone, and prints per request:
# the server's CPU time (µs, from /proc) and the top frames (bench/jfr-top.py) of each profile.
#   bench/reference-profile.sh get|post|ping     (DURATION=15s WARMUP=15s CONNECTIONS=32 THROTTLE=2ms by default)
#   JAR=/path/to/other/mangrove.jar bench/reference-profile.sh post      OUT=/tmp/dir keeps the .jfr files there
#   MG_OPTS=-Dmangrove.metrics.mongo-commands=true: extra JVM options of Mangrove
# Needs wrk, curl, bc, python3, a JDK 25 (jcmd, jfr), and a built bootstrap/target (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
OP="${1:-get}"
BIN="${JAVA_HOME:+$JAVA_HOME/bin/}"
LIB="bootstrap/target/lib/*"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-15s}"; CONNECTIONS="${CONNECTIONS:-32}"; THROTTLE="${THROTTLE:-2ms}"
OUT="${OUT:-$(mktemp -d)}"; TOP="${TOP:-30}"; mkdir -p "$OUT"
DB_PORT=18130; REF_PORT=18131; MG_PORT=18132
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"posted","group":1,"tags":["a","b"]}'
wrk.headers["Content-Type"] = "application/json"
LUA
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -f "$LUA"' EXIT
wait_for() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1"; exit 1; }

"${BIN}java" -cp "$LIB" bench/reference/StandaloneBackend.java $DB_PORT > "$OUT/backend.log" 2>&1 & pids+=($!)
for _ in $(seq 1 120); do grep -q listening "$OUT/backend.log" && break; sleep 0.5; done
"${BIN}java" -Xmx1g -cp "$LIB" bench/reference/ReferenceServer.java $REF_PORT "mongodb://127.0.0.1:$DB_PORT" \
    > "$OUT/reference.log" 2>&1 & REF=$!; pids+=($REF)
"${BIN}java" -Xmx1g -Dserver.port=$MG_PORT -Dmangrove.mongo.uri="mongodb://127.0.0.1:$DB_PORT" \
    -Dmangrove.security.enabled=false ${MG_OPTS:-} -jar "$JAR" > "$OUT/mangrove.log" 2>&1 & MG=$!; pids+=($MG)
wait_for "http://127.0.0.1:$REF_PORT/ping"; wait_for "http://127.0.0.1:$MG_PORT/health/live"
seq 0 9999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d,\"pad\":\"%0200d\"}", (NR>1?",":""), $1, $1, $1%100, $1} END{printf "]"}' \
    | curl -sf -o /dev/null -X POST "http://127.0.0.1:$MG_PORT/bench/items" -H 'Content-Type: application/json' --data-binary @-

case "$OP" in
    get) REF_URL="http://127.0.0.1:$REF_PORT/bench/items/4242"; MG_URL="http://127.0.0.1:$MG_PORT/bench/items/4242?id_type=NUMBER" ;;
    post) REF_URL="http://127.0.0.1:$REF_PORT/bench/posts"; MG_URL="http://127.0.0.1:$MG_PORT/bench/posts" ;;
    ping) REF_URL="http://127.0.0.1:$REF_PORT/ping"; MG_URL="http://127.0.0.1:$MG_PORT/health/live" ;;
    *) echo "usage: $0 get|post|ping"; exit 2 ;;
esac
load() { # url duration
    if [ "$OP" = post ]; then wrk -t2 -c"$CONNECTIONS" -d"$2" -s "$LUA" "$1"; else wrk -t2 -c"$CONNECTIONS" -d"$2" "$1"; fi
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load "$REF_URL" "$WARMUP" > /dev/null; load "$MG_URL" "$WARMUP" > /dev/null
echo "# bench/reference-profile.sh $OP $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNECTIONS -d$DURATION; JFR in $OUT"
for server in reference mangrove; do
    pid=$REF; url=$REF_URL; [ $server = mangrove ] && { pid=$MG; url=$MG_URL; }
    "${BIN}jcmd" $pid JFR.start name=cpu settings=profile "jdk.CPUTimeSample#enabled=true" \
        "jdk.CPUTimeSample#throttle=$THROTTLE" filename="$OUT/$server-$OP.jfr" > /dev/null
    before=$(ticks $pid)
    out=$(load "$url" "$DURATION")
    after=$(ticks $pid)
    "${BIN}jcmd" $pid JFR.stop name=cpu > /dev/null
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "## $server $OP: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, $requests requests," \
        "$(echo "scale=1; 1000000 * ($after - $before) / $(getconf CLK_TCK) / $requests" | bc) µs of CPU per request (profiling on)"
    "${BIN}jfr" print --json --events jdk.CPUTimeSample "$OUT/$server-$OP.jfr" | python3 bench/jfr-top.py "$TOP"
done
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
