#!/usr/bin/env bash
# Cost growth of a page (issue 18): GET /bench/items?pagesize=10 (default sort, _id) and a filtered page
# (?filter={"group":7}&pagesize=10) on collections of 1,000, 10,000 and 100,000 documents, embedded in-memory
# backend, security off. Reports requests per CPU-second of the server process (user + system time from
# /proc, less sensitive to other work on a shared machine than requests/s) and requests/s.
#   OLD=/path/to/old/mangrove.jar NEW=bootstrap/target/mangrove.jar bench/paging.sh
# Only NEW is run when OLD is unset. SIZES, DURATION, CONNECTIONS, WARMUP may be set. Needs wrk, curl, bc.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
NEW="${NEW:-bootstrap/target/mangrove.jar}"
OLD="${OLD:-}"
PORT="${PORT:-18093}"
BASE="http://127.0.0.1:$PORT"
SIZES="${SIZES:-1000 10000 100000}"
DURATION="${DURATION:-8s}"
WARMUP="${WARMUP:-5s}"
CONNECTIONS="${CONNECTIONS:-8}"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # pid url: requests/s and requests per CPU-second of the server
    local pid=$1 url=$2 before after out requests secs
    wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$url" > /dev/null
    before=$(ticks "$pid")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$url")
    after=$(ticks "$pid")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    secs=$(echo "($after - $before) / $(getconf CLK_TCK)" | bc -l)
    echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$requests / $secs" | bc)"
}

run() { # jar label size
    "$JAVA" -Xmx1g -Dserver.port="$PORT" -Dmangrove.embedded.in-memory=true \
        -Dmangrove.security.enabled=false -jar "$1" > "/tmp/mangrove-paging-$2.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 120); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
    for start in $(seq 0 10000 $(( $3 - 1 ))); do
        end=$(( start + 10000 < $3 ? start + 10000 : $3 ))
        seq "$start" $(( end - 1 )) | awk 'BEGIN{printf "["} {printf "%s{\"name\":\"item-%d\",\"group\":%d,\"pad\":\"%0200d\"}", (NR>1?",":""), $1, $1%100, $1} END{printf "]"}' \
            | curl -sf -o /dev/null -X POST "$BASE/bench/items" -H 'Content-Type: application/json' --data-binary @-
    done
    local page filtered
    page=$(measure "$pid" "$BASE/bench/items?pagesize=10")
    filtered=$(measure "$pid" "$BASE/bench/items?pagesize=10&filter=%7B%22group%22%3A7%7D")
    echo "$2 $3 docs: page of 10 $(echo "$page" | awk '{print $1 " req/s, " $2 " req/CPU-s"}');" \
         "filtered page $(echo "$filtered" | awk '{print $1 " req/s, " $2 " req/CPU-s"}')"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "# bench/paging.sh $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNECTIONS -d$DURATION"
for size in $SIZES; do
    [ -n "$OLD" ] && run "$OLD" old "$size"
    run "$NEW" new "$size"
done
