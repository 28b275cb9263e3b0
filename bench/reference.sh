#!/usr/bin/env bash
# Mangrove against the limit of its own stack (issue 18): a bare Helidon SE route with the same driver
# (bench/reference/ReferenceServer.java) and Mangrove (security off), both on one standalone mongo-java-server
# (memory backend) with 10,000 documents, measured in alternating rounds on GET by id, POST (into a collection
# emptied before each measurement) and a ping (Mangrove's /health/live). Prints requests/s and requests per CPU-second
# of each server, the backend's CPU per request served (µs), Mangrove's ratios per round, and at the end the median
# ratio per operation over the rounds after the first (the first still warms the JITs): one round moves by ±10 % on
# a 2-core machine, so many short rounds and their median say more than a few long ones.
#   bench/reference.sh          (ROUNDS=8 DURATION=4s WARMUP=10s CONNECTIONS=32 by default: about 5 minutes)
#   OLD=/path/to/old/mangrove.jar bench/reference.sh   (also an older build, on the same backend, in the same rounds;
#                                                      the servers take turns going first; ROUNDS=6: about 6 minutes;
#                                                      a jar loads the lib/ beside it, so build the old one in its
#                                                      own checkout: a copy of it in bootstrap/target runs new code)
#   OPS="post" for one case; MG_OPTS / OLD_OPTS: extra JVM options of the new / old build (e.g. -Dmangrove.x=y)
# Needs wrk, curl, bc, a JDK 21+, and a built bootstrap/target (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LIB="bootstrap/target/lib/*"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
OLD="${OLD:-}"; ROUNDS="${ROUNDS:-$([ -n "$OLD" ] && echo 6 || echo 8)}"
DURATION="${DURATION:-4s}"; WARMUP="${WARMUP:-10s}"; CONNECTIONS="${CONNECTIONS:-32}"; MG_OPTS="${MG_OPTS:-}"; OLD_OPTS="${OLD_OPTS:-}"
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

"$JAVA" -cp "$LIB" bench/reference/StandaloneBackend.java $DB_PORT > /tmp/bench-ref-backend.log 2>&1 & BACKEND=$!; pids+=($BACKEND)
for _ in $(seq 1 120); do grep -q listening /tmp/bench-ref-backend.log && break; sleep 0.5; done
"$JAVA" -Xmx1g -cp "$LIB" bench/reference/ReferenceServer.java $REF_PORT "mongodb://127.0.0.1:$DB_PORT" \
    > /tmp/bench-ref-server.log 2>&1 & REF=$!; pids+=($REF)
"$JAVA" -Xmx1g -Dserver.port=$MG_PORT -Dmangrove.mongo.uri="mongodb://127.0.0.1:$DB_PORT" \
    -Dmangrove.security.enabled=false $MG_OPTS -jar "$JAR" > /tmp/bench-ref-mangrove.log 2>&1 & MG=$!; pids+=($MG)
SERVERS="ref mg"
if [ -n "$OLD" ]; then
    "$JAVA" -Xmx1g -Dserver.port=$OLD_PORT -Dmangrove.mongo.uri="mongodb://127.0.0.1:$DB_PORT" \
        -Dmangrove.security.enabled=false $OLD_OPTS -jar "$OLD" > /tmp/bench-ref-old.log 2>&1 & OLD_PID=$!; pids+=($OLD_PID)
    wait_for "http://127.0.0.1:$OLD_PORT/health/live"; SERVERS="ref mg old"
fi
wait_for "http://127.0.0.1:$REF_PORT/ping"; wait_for "http://127.0.0.1:$MG_PORT/health/live"
seq 0 9999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d,\"pad\":\"%0200d\"}", (NR>1?",":""), $1, $1, $1%100, $1} END{printf "]"}' \
    | curl -sf -o /dev/null -X POST "http://127.0.0.1:$MG_PORT/bench/items" -H 'Content-Type: application/json' --data-binary @-

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # pid url [wrk options] -> "req/s req/CPU-s backend-µs/req" (the backend's CPU per request it served)
    local pid=$1 url=$2; shift 2
    local before after out requests secs db_before db_after
    before=$(ticks "$pid"); db_before=$(ticks "$BACKEND")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$@" "$url")
    after=$(ticks "$pid"); db_after=$(ticks "$BACKEND")
    if echo "$out" | grep -q "Non-2xx"; then echo "# WARNING: $url answered $(echo "$out" | grep Non-2xx)" >&2; fi
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    secs=$(echo "($after - $before) / $(getconf CLK_TCK)" | bc -l)
    echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$requests / $secs" | bc)" \
        "$(echo "($db_after - $db_before) * 1000000 / $(getconf CLK_TCK) / $requests" | bc)"
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
declare -A RATIOS=() # "mg-get-rps" -> the ratios of the rounds after the first, one per line
median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) printf "%.2f\n", v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }
for round in $(seq 1 "$ROUNDS"); do
    # no server always goes first: the order turns by one each round (ref mg old, mg old ref, old ref mg, ...)
    read -ra list <<< "$SERVERS"; n=${#list[@]}; order=""
    for i in $(seq 0 $((n - 1))); do order="$order ${list[$(( (i + round - 1) % n ))]}"; done
    for op in ${OPS:-get post ping}; do
        for server in $order; do
            pid=$REF; [ $server = mg ] && pid=$MG; [ $server = old ] && pid=$OLD_PID
            if [ $op = post ]; then
                # every server posts into the same, emptied collection: one that grew all run long made the shared
                # backend's garbage collections (and each server's figures) depend on who came late
                curl -sf -o /dev/null -X DELETE "http://127.0.0.1:$REF_PORT/bench/posts"
                r=$(measure $pid "${URL[$server-$op]}" -s "$LUA")
            else r=$(measure $pid "${URL[$server-$op]}"); fi
            eval "${server}_${op}=\"$r\""
        done
        ref=${op}; rv="ref_$op"; mv="mg_$op"
        read -r rr rc rb <<< "${!rv}"; read -r mr mc mb <<< "${!mv}"
        mrps=$(echo "scale=2; $mr / $rr" | bc); mcpu=$(echo "scale=2; $mc / $rc" | bc)
        printf "round %d %-4s reference %9s req/s %6s req/CPU-s %3s µs backend | mangrove %9s req/s %6s req/CPU-s %3s µs backend | ratio %s (req/s) %s (CPU)" \
            "$round" "$op" "$rr" "$rc" "$rb" "$mr" "$mc" "$mb" "$mrps" "$mcpu"
        if [ "$round" -gt 1 ] || [ "$ROUNDS" = 1 ]; then RATIOS[mg-$op-rps]+="$mrps"$'\n'; RATIOS[mg-$op-cpu]+="$mcpu"$'\n'; fi
        if [ -n "$OLD" ]; then
            ov="old_$op"; read -r or oc ob <<< "${!ov}"
            orps=$(echo "scale=2; $or / $rr" | bc); ocpu=$(echo "scale=2; $oc / $rc" | bc)
            printf " | old %9s req/s %6s req/CPU-s %3s µs backend | ratio %s (req/s) %s (CPU)" "$or" "$oc" "$ob" "$orps" "$ocpu"
            if [ "$round" -gt 1 ] || [ "$ROUNDS" = 1 ]; then RATIOS[old-$op-rps]+="$orps"$'\n'; RATIOS[old-$op-cpu]+="$ocpu"$'\n'; fi
        fi
        printf "\n"
    done
done
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# medians of the ratios to the reference over rounds $([ "$ROUNDS" = 1 ] && echo 1 || echo "2-$ROUNDS") (targets: get 0.95, post 0.9, ping 0.9)"
for op in ${OPS:-get post ping}; do
    for server in mg old; do
        [ $server = old ] && [ -z "$OLD" ] && continue
        name=mangrove; [ $server = old ] && name=old
        printf "median %-4s %-8s %s (req/s) %s (CPU)   range %s (req/s)\n" "$op" "$name" \
            "$(printf '%s' "${RATIOS[$server-$op-rps]:-}" | median)" "$(printf '%s' "${RATIOS[$server-$op-cpu]:-}" | median)" \
            "$(printf '%s' "${RATIOS[$server-$op-rps]:-}" | sort -n | sed -n '1p;$p' | paste -sd- -)"
    done
done
