#!/usr/bin/env bash
# GridFS transfer benchmark (issue 14; docs/performance.md#file-transfers). Needs curl, a JDK 21+ (JAVA_HOME
# or on PATH) with jcmd, and a built jar (mvn -DskipTests package).
#   bench/files.sh                 # a 1 GiB file
#   SIZE_MIB=256 bench/files.sh    # a smaller one
#   BACKEND=h2 bench/files.sh      # the backend on an H2 file instead of in memory
#   CASES=reference REFERENCE_HEAP=1g bench/files.sh   # only the driver's GridFS, with a larger heap
# One standalone backend (mongo-java-server, bench/GridFsBench.java backend; in memory by default) serves both measured
# processes, each with -Xmx256m -Xmn32m (the young generation bounded so that "heap used" tracks live data):
#   1. Mangrove (mangrove.mongo.uri → that backend): curl uploads the file as multipart/form-data and downloads it;
#      the server's heap is sampled with jcmd GC.heap_info every 100 ms; peak minus idle per transfer; its CPU
#      time (user + system, /proc) per transfer, which the machine's load does not inflate as it does seconds.
#   2. The reference: the reactive driver's own GridFS upload and download of the same file
#      (bench/GridFsBench.java reference), sampling its own heap every 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
SIZE_MIB="${SIZE_MIB:-1024}"
PORT="${PORT:-18090}"
BACKEND_PORT="${BACKEND_PORT:-27090}"
BACKEND="${BACKEND:-memory}"
CASES="${CASES:-mangrove,reference}"
REFERENCE_HEAP="${REFERENCE_HEAP:-256m}"
BASE="http://127.0.0.1:$PORT"
OUT="${OUT:-bench/results-files.txt}"
CP="bootstrap/target/lib/*"
WORK=$(mktemp -d /tmp/mangrove-files-bench.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

head -c $(( SIZE_MIB * 1024 * 1024 )) /dev/urandom > "$WORK/file.bin"
SHA=$(sha256sum "$WORK/file.bin" | cut -d' ' -f1)

STORE=memory
[ "$BACKEND" = h2 ] && STORE="$WORK/backend.mv.db"
"$JAVA" -Xmx$(( SIZE_MIB * 3 + 1024 ))m -cp "$CP" bench/GridFsBench.java backend "$BACKEND_PORT" "$STORE" \
    > "$WORK/backend.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q listening "$WORK/backend.log" && break; sleep 0.5; done

"$JAVA" -Xmx256m -Xmn32m -Dserver.port="$PORT" -Dmangrove.mongo.uri="mongodb://127.0.0.1:$BACKEND_PORT" \
    -Dmangrove.security.enabled=false -Dmangrove.files.max-size=4GiB -jar bootstrap/target/mangrove.jar \
    > "$WORK/server.log" 2>&1 &
PID=$!
PIDS+=($PID)
for _ in $(seq 1 120); do curl -sf "$BASE/health/ready" > /dev/null && break; sleep 0.5; done

heap() { "$JCMD" "$PID" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i ~ /used/) {v=$(i+1); sub("K","",v); print int(v/1024); exit}}'; }
measure() { # label command...: runs the command while sampling the server's heap; prints seconds and peak-idle MiB
    local label=$1; shift
    "$JCMD" "$PID" GC.run > /dev/null 2>&1 || true
    sleep 1
    local idle; idle=$(heap)
    ( while kill -0 "$PID" 2>/dev/null; do heap; sleep 0.1; done ) > "$WORK/samples-$label.txt" &
    local sampler=$!
    local start end cpu0 cpu1
    cpu0=$(awk '{print $14 + $15}' /proc/"$PID"/stat)
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    cpu1=$(awk '{print $14 + $15}' /proc/"$PID"/stat)
    kill "$sampler" 2>/dev/null || true
    local peak; peak=$(sort -n "$WORK/samples-$label.txt" | tail -1)
    local secs; secs=$(echo "$end - $start" | bc)
    printf '%s: %s MiB in %.2f s = %.1f MiB/s; server CPU %.1f s; heap peak above idle +%d MiB (idle %d MiB)\n' \
        "$label" "$SIZE_MIB" "$secs" "$(echo "$SIZE_MIB / $secs" | bc -l)" \
        "$(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc -l)" $(( ${peak:-$idle} - idle )) "$idle"
}

{
echo "# Mangrove GridFS benchmark $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "# ${SIZE_MIB} MiB of random bytes; backend: mongo-java-server $BACKEND (separate JVM); measured JVMs -Xmx256m -Xmn32m"
if [[ ",$CASES," == *,mangrove,* ]]; then
curl -sf -o /dev/null -X PUT "$BASE/bench/big.files"
upload() {
    curl -sf -o /dev/null -D "$WORK/upload.headers" -F "file=@$WORK/file.bin;type=application/octet-stream" \
        "$BASE/bench/big.files"
}
measure "Mangrove upload  " upload
LOCATION=$(awk 'tolower($1) == "location:" {print $2}' "$WORK/upload.headers" | tr -d '\r')
download() {
    curl -sf -o /dev/null "$BASE$LOCATION/binary"
}
measure "Mangrove download" download
curl -sf "$BASE$LOCATION/binary" | sha256sum | cut -d' ' -f1 > "$WORK/download.sha"   # checked, not timed
[ "$(cat "$WORK/download.sha")" = "$SHA" ] && echo "download matches the file byte for byte (SHA-256)" \
    || echo "DOWNLOAD DIFFERS FROM THE FILE"
STORED=$(curl -sf "$BASE$LOCATION" | sed -n 's/.*"sha256" *: *"\([0-9a-f]*\)".*/\1/p')
[ "$STORED" = "$SHA" ] && echo "stored sha256 matches" || echo "STORED SHA-256 DIFFERS: $STORED"
curl -sf -o /dev/null -X DELETE "$BASE$LOCATION"
fi
kill "$PID"; wait "$PID" 2>/dev/null || true

if [[ ",$CASES," == *,reference,* ]]; then
echo "## reference: the driver's GridFS (uploadFromPublisher / downloadToPublisher), same backend, -Xmx$REFERENCE_HEAP -Xmn32m"
# gives up after 15 minutes: with a small heap the driver's upload can fill it and stall
timeout 900 "$JAVA" -Xmx"$REFERENCE_HEAP" -Xmn32m -XX:+ExitOnOutOfMemoryError -cp "$CP" bench/GridFsBench.java reference \
    "mongodb://127.0.0.1:$BACKEND_PORT" "$WORK/file.bin" 2> "$WORK/reference.log" \
    | awk -v size="$SIZE_MIB" '/^upload / {printf "reference upload  : %.2f s = %.1f MiB/s; CPU %.1f s\n", $2, size / $2, $3}
        /^download / {printf "reference download: %.2f s = %.1f MiB/s; CPU %.1f s\n", $2, size / $2, $3}
        /_heap_mib/ {print "reference " $1 ": +" $2 " MiB"} /^bytes/ {print "reference " $0}' || true
grep -m1 -E "OutOfMemoryError|Exception" "$WORK/reference.log" || true
fi
} | tee "$OUT"
