#!/usr/bin/env bash
# Before/after throughput of the HTTP edge (issue 12): GET of a document by id and POST of one document,
# for two builds, interleaved (A B A B …) so a busy machine hurts both alike; prints every run and the
# medians of requests per second and of requests per CPU-second of the server process (user + system
# time from /proc: far less sensitive than wall-clock throughput to other work on a shared machine).
# Security off, embedded in-memory backend, 10,000 documents. Needs wrk, curl, a JDK 21+, Linux /proc.
#   OLD=/path/to/old/mangrove.jar NEW=bootstrap/target/mangrove.jar ROUNDS=5 DURATION=10s WARMUP=10s bench/edge.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18090}"
BASE="http://127.0.0.1:$PORT"
OLD="${OLD:?OLD=path of the jar to compare against}"
NEW="${NEW:-bootstrap/target/mangrove.jar}"
ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
WARMUP="${WARMUP:-2s}"
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"posted","group":1,"tags":["a","b"]}'
wrk.headers["Content-Type"] = "application/json"
LUA

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # pid url [wrk options]: requests/s and requests per CPU-second of the server
    local pid=$1 url=$2; shift 2
    local before after out requests secs
    before=$(ticks "$pid")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$@" "$url")
    after=$(ticks "$pid")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    secs=$(echo "($after - $before) / $(getconf CLK_TCK)" | bc -l)
    echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$requests / $secs" | bc)"
}

run() { # jar label round
    "$JAVA" -Xmx1g -Xmn32m -Dserver.port="$PORT" -Dmangrove.embedded.in-memory=true \
        -Dmangrove.security.enabled=false -jar "$1" > "bench/edge-server-$2.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 120); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
    seq 0 9999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d}", (NR>1?",":""), $1, $1, $1%100} END{printf "]"}' \
        | curl -sf -o /dev/null -X POST "$BASE/bench/items" -H 'Content-Type: application/json' --data-binary @-
    wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$BASE/bench/items/4242?id_type=NUMBER" > /dev/null   # warm-up
    wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$LUA" "$BASE/bench/warm" > /dev/null
    local get post getcpu postcpu
    read -r get getcpu < <(measure "$pid" "$BASE/bench/items/4242?id_type=NUMBER")
    read -r post postcpu < <(measure "$pid" "$BASE/bench/posts" -s "$LUA")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$2 round $3: GET by id $get req/s ($getcpu req/CPU-s), POST $post req/s ($postcpu req/CPU-s)"
    echo "$2 $get $post $getcpu $postcpu" >> "$RESULTS"
}

RESULTS=$(mktemp)
echo "# bench/edge.sh $(date -u +%FT%TZ) on $(nproc) cores; wrk -t2 -c$CONNECTIONS -d$DURATION; old=$OLD new=$NEW"
for round in $(seq 1 "$ROUNDS"); do
    run "$OLD" old "$round"
    run "$NEW" new "$round"
done
median() { sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for label in old new; do
    echo "median $label: GET by id $(awk -v l=$label '$1==l {print $2}' "$RESULTS" | median) req/s" \
         "($(awk -v l=$label '$1==l {print $4}' "$RESULTS" | median) req/CPU-s)," \
         "POST $(awk -v l=$label '$1==l {print $3}' "$RESULTS" | median) req/s" \
         "($(awk -v l=$label '$1==l {print $5}' "$RESULTS" | median) req/CPU-s)"
done
rm -f "$LUA" "$RESULTS"
