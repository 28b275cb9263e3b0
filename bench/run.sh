#!/usr/bin/env bash
# Load benchmark of Mangrove on the embedded backend (issue 3). Needs wrk (apt-get install wrk),
# curl, a JDK 21+ (JAVA_HOME or on PATH) and a built jar (mvn -DskipTests package).
#   bench/run.sh            # request benchmarks + streaming 1,000,000 documents
#   DOCS=200000 bench/run.sh
#   BENCH_AUTH=off,basic,bearer bench/run.sh   # cost of security: GET of a document by id per mode
#     modes: off (security disabled), basic (HTTP Basic, credentials cache warm), basic-nocache
#     (credentials-cache-ttl=0s: a bcrypt per request), bearer (HS256 token from POST /token),
#     off-nolog (security disabled, access log off); JAR=… runs another build
#   BENCH_CASES=streaming bench/run.sh          # only the streaming case (no wrk needed)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
DOCS="${DOCS:-1000000}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-32}"
OUT="${OUT:-bench/results.txt}"
HEAP="${HEAP:-2g}"
BENCH_AUTH="${BENCH_AUTH:-}"
BENCH_CASES="${BENCH_CASES:-requests,streaming}"

if [ -n "$BENCH_AUTH" ]; then
    exec bench/security.sh
fi

# security off: the benchmark measures the API itself (with Basic auth a cached credential check adds little)
"$JAVA" -Xmx"$HEAP" -Xmn32m -Dserver.port="$PORT" -Dmangrove.embedded.in-memory=true -Dmangrove.security.enabled=false \
    -Dmangrove.paging.max-pagesize=1000 -jar bootstrap/target/mangrove.jar > bench/server.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done

seed() { # collection count
    local coll=$1 count=$2 batch=10000 i=0
    while [ "$i" -lt "$count" ]; do
        local n=$(( count - i < batch ? count - i : batch ))
        seq "$i" $(( i + n - 1 )) | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d,\"price\":%d.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":%d}}", (NR>1?",":""), $1, $1, $1%100, $1%1000, $1} END{printf "]"}' \
            | curl -sf -o /dev/null -X POST "$BASE/bench/$coll" -H 'Content-Type: application/json' --data-binary @-
        i=$(( i + n ))
    done
}

{
echo "# Mangrove benchmark $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "# wrk -t2 -c$CONNECTIONS -d$DURATION --latency; embedded in-memory backend, -Xmx$HEAP -Xmn32m (young gen bounded so used heap tracks live data)"
if [[ ",$BENCH_CASES," == *,requests,* ]]; then
seed items 10000
for path in "/bench/items?pagesize=10" "/bench/items?pagesize=100" \
            "/bench/items?filter=%7B%22group%22%3A7%7D&pagesize=10" "/bench/items/4242?id_type=NUMBER"; do
    echo "## GET $path"
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$path" | grep -E "Requests/sec|Latency  |99%|Non-2xx"
done
fi

echo "## streaming $DOCS documents as NDJSON"
seed big "$DOCS"
jcmd "$PID" GC.run > /dev/null 2>&1 || true
sleep 1
heap() { jcmd "$PID" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i ~ /used/) {v=$(i+1); sub("K","",v); print int(v/1024); exit}}'; }
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status; }
IDLE_HEAP=$(heap); IDLE_RSS=$(rss)
PEAK_HEAP=$IDLE_HEAP; PEAK_RSS=$IDLE_RSS
( while kill -0 $PID 2>/dev/null; do echo "$(heap) $(rss)"; sleep 0.2; done ) > bench/samples.txt &
SAMPLER=$!
cpu_ticks() { awk '{print $14 + $15}' /proc/$PID/stat; }
CPU_START=$(cpu_ticks)
START=$(date +%s.%N)
LINES=$(curl -sf -H 'Accept: application/x-ndjson' "$BASE/bench/big?pagination=false" | wc -l)
END=$(date +%s.%N)
CPU_END=$(cpu_ticks)
kill $SAMPLER 2>/dev/null || true
while read -r h r; do
    [ -n "${h:-}" ] && [ "$h" -gt "$PEAK_HEAP" ] && PEAK_HEAP=$h
    [ -n "${r:-}" ] && [ "$r" -gt "$PEAK_RSS" ] && PEAK_RSS=$r
done < bench/samples.txt
SECS=$(echo "$END - $START" | bc)
echo "documents streamed: $LINES in ${SECS}s = $(echo "$LINES / $SECS" | bc) docs/s"
# server CPU per document: steadier than docs/s on a machine shared with other work
TICKS=$(getconf CLK_TCK)
echo "server CPU: $(echo "scale=2; ($CPU_END - $CPU_START) / $TICKS" | bc)s = $(echo "($CPU_END - $CPU_START) * 1000000 / $TICKS / $LINES" | bc) µs per document ($(echo "$LINES * $TICKS / ($CPU_END - $CPU_START)" | bc) docs per CPU-second)"
echo "heap used: idle ${IDLE_HEAP} MiB, peak ${PEAK_HEAP} MiB (+$((PEAK_HEAP - IDLE_HEAP)) MiB); RSS idle ${IDLE_RSS} MiB, peak ${PEAK_RSS} MiB"
} | tee "$OUT"
