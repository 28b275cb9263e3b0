#!/usr/bin/env bash
# Cost growth of streaming (issue 18): a whole collection as NDJSON and as CSV (pagination=false) at 100,000 and
# 1,000,000 documents of ~110 bytes, embedded in-memory backend, security off. One server; the collection grows from
# one size to the next. For each size and format: documents/s, documents per CPU-second of the server (user + system
# time from /proc), and the server's heap (jcmd GC.heap_info, sampled every 200 ms): idle with the data after a GC,
# and the peak while streaming above that. -Xmn32m bounds the young generation, so that "heap used" follows live
# data rather than garbage not yet collected. At the first size each format is streamed once untimed (JIT warm-up).
#   bench/streaming.sh                          (SIZES="100000 1000000" FORMATS="ndjson csv" HEAP=4g)
#   JAR=/path/to/other/mangrove.jar SIZES=200000 bench/streaming.sh
# Needs curl, bc, a JDK 21+ (jcmd) and a built jar (mvn -DskipTests package). Results also in bench/results-streaming.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
PORT="${PORT:-18094}"
BASE="http://127.0.0.1:$PORT"
SIZES="${SIZES:-100000 1000000}"
FORMATS="${FORMATS:-ndjson csv}"
HEAP="${HEAP:-4g}"
OUT="${OUT:-bench/results-streaming.txt}"
BATCH=10000

"$JAVA" -Xmx"$HEAP" -Xmn32m -Dserver.port="$PORT" -Dmangrove.embedded.in-memory=true \
    -Dmangrove.security.enabled=false -jar "$JAR" > /tmp/mangrove-streaming.log 2>&1 &
PID=$!
SAMPLER=
trap 'kill $PID ${SAMPLER:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done

seed() { # from to: documents with _id from..to-1, in arrays of $BATCH
    local i=$1
    while [ "$i" -lt "$2" ]; do
        local n=$(( $2 - i < BATCH ? $2 - i : BATCH ))
        seq "$i" $(( i + n - 1 )) | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d,\"price\":%d.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":%d}}", (NR>1?",":""), $1, $1, $1%100, $1%1000, $1} END{printf "]"}' \
            | curl -sf -o /dev/null -X POST "$BASE/bench/big" -H 'Content-Type: application/json' --data-binary @-
        i=$(( i + n ))
    done
}
heap() { "$JCMD" "$PID" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i ~ /used/) {v=$(i+1); sub("K","",v); print int(v/1024); exit}}'; }
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
idle_heap() { "$JCMD" "$PID" GC.run > /dev/null 2>&1 || true; sleep 1; heap; }

stream() { # size format
    local accept=application/x-ndjson header=0
    if [ "$2" = csv ]; then accept=text/csv; header=1; fi
    local idle; idle=$(idle_heap)
    ( while kill -0 "$PID" 2>/dev/null; do heap; sleep 0.2; done ) > /tmp/mangrove-streaming-heap.txt &
    SAMPLER=$!
    local cpu0 t0 lines t1 cpu1
    cpu0=$(ticks); t0=$(date +%s.%N)
    lines=$(curl -sf -H "Accept: $accept" "$BASE/bench/big?pagination=false" | wc -l)
    t1=$(date +%s.%N); cpu1=$(ticks)
    kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=
    local docs=$(( lines - header ))
    local peak; peak=$(sort -n /tmp/mangrove-streaming-heap.txt | tail -1)
    local secs cpu; secs=$(echo "$t1 - $t0" | bc); cpu=$(echo "scale=2; ($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc)
    [ "$docs" -eq "$1" ] || echo "!! expected $1 documents, got $docs"
    printf "%9d docs %-6s %8d docs/s (%6.1f s) %8d docs/CPU-s | heap idle %5d MiB, peak while streaming +%d MiB\n" \
        "$docs" "$2" "$(echo "$docs / $secs" | bc)" "$secs" "$(echo "$docs / $cpu" | bc)" "$idle" "$(( ${peak:-$idle} - idle ))"
}

{
echo "# bench/streaming.sh $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); -Xmx$HEAP -Xmn32m, embedded in-memory backend"
echo "# heap idle, no data: $(idle_heap) MiB"
seeded=0
for size in $SIZES; do
    start=$(date +%s)
    seed "$seeded" "$size"; seeded=$size
    echo "# seeded $size documents ($(( $(date +%s) - start )) s)"
    if [ "$size" = "${SIZES%% *}" ]; then # the first size: once through each format untimed, so the code is compiled
        for format in $FORMATS; do stream "$size" "$format" > /dev/null; done
    fi
    for format in $FORMATS; do stream "$size" "$format"; done
done
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
