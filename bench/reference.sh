#!/usr/bin/env bash
# Mangrove against the limit of its own stack (issue 18): a bare Helidon SE route with the same driver
# (bench/reference/ReferenceServer.java) and Mangrove (security off), both on one standalone mongo-java-server
# (memory backend) with 10,000 documents, measured in alternating rounds on GET by id, POST and a ping
# (Mangrove's /health/live). Prints requests/s and requests per CPU-second of each server, and Mangrove's ratios.
#   bench/reference.sh          (ROUNDS=3 DURATION=8s WARMUP=8s CONNECTIONS=32 by default)
#   OLD=/path/to/old/mangrove.jar bench/reference.sh   (also an older build, on the same backend, in the same rounds;
#                                                      the two builds take turns going first)   OPS="post" for one case
# Needs wrk, curl, bc, a JDK 21+, and a built bootstrap/target (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LIB="bootstrap/target/lib/*"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-8s}"; WARMUP="${WARMUP:-8s}"; CONNECTIONS="${CONNECTIONS:-32}"
OLD="${OLD:-}"
DB_PORT=18120; REF_PORT=18121; MG_PORT=18122; OLD_PORT=18123
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"posted","group":1,"tags":["a","b"]}'
wrk.headers["Content-Type"] = "application/json"
LUA
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -f "$LUA"' EXIT
wait_for() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1"; exit 1; }

"$JAVA" -cp "$LIB" bench/reference/StandaloneBackend.java $DB_PORT > /tmp/bench-ref-backend.log 2>&1 & pids+=($!)
for _ in $(seq 1 120); do grep -q listening /tmp/bench-ref-backend.log && break; sleep 0.5; done
"$JAVA" -Xmx1g -cp "$LIB" bench/reference/ReferenceServer.java $REF_PORT "mongodb://127.0.0.1:$DB_PORT" \
    > /tmp/bench-ref-server.log 2>&1 & REF=$!; pids+=($REF)
"$JAVA" -Xmx1g -Dserver.port=$MG_PORT -Dmangrove.mongo.uri="mongodb://127.0.0.1:$DB_PORT" \
    -Dmangrove.security.enabled=false -jar "$JAR" > /tmp/bench-ref-mangrove.log 2>&1 & MG=$!; pids+=($MG)
SERVERS="ref mg"
if [ -n "$OLD" ]; then
    "$JAVA" -Xmx1g -Dserver.port=$OLD_PORT -Dmangrove.mongo.uri="mongodb://127.0.0.1:$DB_PORT" \
        -Dmangrove.security.enabled=false -jar "$OLD" > /tmp/bench-ref-old.log 2>&1 & OLD_PID=$!; pids+=($OLD_PID)
    wait_for "http://127.0.0.1:$OLD_PORT/health/live"; SERVERS="ref mg old"
fi
wait_for "http://127.0.0.1:$REF_PORT/ping"; wait_for "http://127.0.0.1:$MG_PORT/health/live"
seq 0 9999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d,\"pad\":\"%0200d\"}", (NR>1?",":""), $1, $1, $1%100, $1} END{printf "]"}' \
    | curl -sf -o /dev/null -X POST "http://127.0.0.1:$MG_PORT/bench/items" -H 'Content-Type: application/json' --data-binary @-

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # pid url [wrk options] -> "req/s req/CPU-s"
    local pid=$1 url=$2; shift 2
    local before after out requests secs
    before=$(ticks "$pid")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$@" "$url")
    after=$(ticks "$pid")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    secs=$(echo "($after - $before) / $(getconf CLK_TCK)" | bc -l)
    echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$requests / $secs" | bc)"
}
declare -A URL=( [ref-get]="http://127.0.0.1:$REF_PORT/bench/items/4242" [ref-post]="http://127.0.0.1:$REF_PORT/bench/posts"
                 [ref-ping]="http://127.0.0.1:$REF_PORT/ping"
                 [mg-get]="http://127.0.0.1:$MG_PORT/bench/items/4242?id_type=NUMBER" [mg-post]="http://127.0.0.1:$MG_PORT/bench/posts"
                 [mg-ping]="http://127.0.0.1:$MG_PORT/health/live"
                 [old-get]="http://127.0.0.1:$OLD_PORT/bench/items/4242?id_type=NUMBER" [old-post]="http://127.0.0.1:$OLD_PORT/bench/posts"
                 [old-ping]="http://127.0.0.1:$OLD_PORT/health/live" )
for key in "${!URL[@]}"; do # warm-up
    [[ $key == old-* && -z "$OLD" ]] && continue
    [[ " ${OPS:-get post ping} " == *" ${key#*-} "* ]] || continue
    if [[ $key == *post ]]; then wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$LUA" "${URL[$key]}" > /dev/null
    else wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${URL[$key]}" > /dev/null; fi
done
echo "# bench/reference.sh $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNECTIONS -d$DURATION"
for round in $(seq 1 "$ROUNDS"); do
    order=$SERVERS; [ -n "$OLD" ] && [ $((round % 2)) = 0 ] && order="ref old mg" # neither build always goes first
    for op in ${OPS:-get post ping}; do
        for server in $order; do
            pid=$REF; [ $server = mg ] && pid=$MG; [ $server = old ] && pid=$OLD_PID
            if [ $op = post ]; then r=$(measure $pid "${URL[$server-$op]}" -s "$LUA"); else r=$(measure $pid "${URL[$server-$op]}"); fi
            eval "${server}_${op}=\"$r\""
        done
        ref=${op}; rv="ref_$op"; mv="mg_$op"
        read -r rr rc <<< "${!rv}"; read -r mr mc <<< "${!mv}"
        printf "round %d %-4s reference %9s req/s %6s req/CPU-s | mangrove %9s req/s %6s req/CPU-s | ratio %s (req/s) %s (CPU)" \
            "$round" "$op" "$rr" "$rc" "$mr" "$mc" "$(echo "scale=2; $mr / $rr" | bc)" "$(echo "scale=2; $mc / $rc" | bc)"
        if [ -n "$OLD" ]; then
            ov="old_$op"; read -r or oc <<< "${!ov}"
            printf " | old %9s req/s %6s req/CPU-s | ratio %s (req/s) %s (CPU)" \
                "$or" "$oc" "$(echo "scale=2; $or / $rr" | bc)" "$(echo "scale=2; $oc / $rc" | bc)"
        fi
        printf "\n"
    done
done
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
