#!/usr/bin/env bash
# GridFS transfer benchmark (issue 14; docs/performance.md#file-transfers). Needs curl, bc, a JDK 21+ (JAVA_HOME
# or on PATH) with jcmd, and a built jar (mvn -DskipTests package).
#   bench/files.sh                 # a 1 GiB file, 3 rounds
#   SIZE_MIB=256 ROUNDS=5 bench/files.sh
#   BACKEND=h2 bench/files.sh      # the backend on an H2 file instead of in memory
# One standalone backend (mongo-java-server, bench/GridFsBench.java backend; in memory by default) serves two
# long-running measured processes, and the rounds alternate between them (Mangrove upload, reference upload, Mangrove
# download, reference download, ...) so that both see the same machine load:
#   1. Mangrove (-Xmx256m -Xmn32m; mangrove.mongo.uri → that backend): curl uploads the file as multipart/form-data
#      and downloads it; the server's heap is sampled with jcmd GC.heap_info every 100 ms (peak minus idle).
#   2. The reference (-Xmx$REFERENCE_HEAP -Xmn32m): the reactive driver's own GridFS upload (uploadFromPublisher
#      from the file) and download (downloadToPublisher to nowhere) of the same file, same backend, same 255 KiB
#      chunks (bench/GridFsBench.java serve), sampling its own heap every 20 ms.
#   3. The ceiling of the HTTP stack (CEILING=no to skip): bench/UploadCeiling.java, a bare Helidon 4.2.6 server
#      (-Xmx256m -Xmn32m, the listener's SO_RCVBUF as Mangrove's, CEILING_RCVBUF=4096 for Helidon's own default) that
#      reads the body as Mangrove does and discards it ("drain": curl -F, and "drain-binary": curl -T with
#      application/octet-stream), or writes it as 255 KiB chunk documents with the driver ("chunks": curl -F, no
#      multipart parsing, no SHA-256): what an upload through HTTP costs before Mangrove's own work.
# Each line gives MiB/s, the CPU time (user + system, /proc/PID/stat) of the measured JVM and of the backend for the
# transfer, and the 1-minute load average; a first round of each kind warms the JVMs up and is not counted.
# JAR=… measures another build of Mangrove (its lib/ next to it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
SIZE_MIB="${SIZE_MIB:-1024}"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18090}"
BACKEND_PORT="${BACKEND_PORT:-27090}"
BACKEND="${BACKEND:-memory}"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
CEILING="${CEILING:-yes}"
CEILING_PORT="${CEILING_PORT:-18091}"
CEILING_RCVBUF="${CEILING_RCVBUF:-1048576}"
RCVBUF="${RCVBUF:-}"   # Mangrove's server.receive-buffer-size for its listener (unset: its default, Helidon's 4096;
                       # an upload widens its own connection's buffer to 1 MiB either way)
REFERENCE_HEAP="${REFERENCE_HEAP:-$(( SIZE_MIB < 512 ? 512 : SIZE_MIB ))m}"   # its upload needs more than 256m
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
BPID=$!
PIDS+=($BPID)
for _ in $(seq 1 120); do grep -q listening "$WORK/backend.log" && break; sleep 0.5; done

"$JAVA" -Xmx256m -Xmn32m -Dserver.port="$PORT" -Dmangrove.mongo.uri="mongodb://127.0.0.1:$BACKEND_PORT" \
    -Dmangrove.security.enabled=false -Dmangrove.files.max-size=4GiB ${RCVBUF:+-Dserver.receive-buffer-size="$RCVBUF"} -jar "$JAR" \
    > "$WORK/server.log" 2>&1 &
PID=$!
PIDS+=($PID)
for _ in $(seq 1 120); do curl -sf "$BASE/health/ready" > /dev/null && break; sleep 0.5; done

if [ "$CEILING" = yes ]; then
    "$JAVA" -Xmx256m -Xmn32m -cp "$CP" bench/UploadCeiling.java "$CEILING_PORT" "mongodb://127.0.0.1:$BACKEND_PORT" \
        "$CEILING_RCVBUF" > "$WORK/ceiling.log" 2>&1 &
    CPID=$!
    PIDS+=($CPID)
    for _ in $(seq 1 120); do grep -q listening "$WORK/ceiling.log" && break; sleep 0.5; done
fi

coproc REF { exec "$JAVA" -Xmx"$REFERENCE_HEAP" -Xmn32m -cp "$CP" bench/GridFsBench.java serve \
    "mongodb://127.0.0.1:$BACKEND_PORT" "$WORK/file.bin" 2> "$WORK/reference.log"; }
RPID=$REF_PID
PIDS+=($RPID)
exec 7<&"${REF[0]}" 8>&"${REF[1]}"   # plain descriptors: the coprocess's are not passed to subshells
read -r -t 120 ready <&7
[ "$ready" = ready ] || { echo "the reference did not start: $(cat "$WORK/reference.log")"; exit 1; }

cpu() { awk '{print $14 + $15}' /proc/"$1"/stat; }
heap() { "$JCMD" "$PID" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i ~ /used/) {v=$(i+1); sub("K","",v); print int(v/1024); exit}}'; }
# measure label pid heap-sampler command...: runs the command, prints one result line, appends "label mibs cpu" to
# $WORK/figures
measure() {
    local label=$1 pid=$2 sampled=$3; shift 3
    local sampler="" idle=0 peak=""
    if [ "$sampled" = jcmd ]; then
        "$JCMD" "$PID" GC.run > /dev/null 2>&1 || true
        sleep 1
        idle=$(heap)
        ( while kill -0 "$PID" 2>/dev/null; do heap; sleep 0.1; done ) > "$WORK/samples.txt" &
        sampler=$!
    fi
    local cpu0 bcpu0 start end cpu1 bcpu1
    cpu0=$(cpu "$pid"); bcpu0=$(cpu "$BPID"); start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N); cpu1=$(cpu "$pid"); bcpu1=$(cpu "$BPID")
    local growth
    if [ -n "$sampler" ]; then
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        peak=$(sort -n "$WORK/samples.txt" | tail -1)
        growth=$(( ${peak:-$idle} - idle ))
    elif [ "$sampled" = self ]; then
        growth=$REPLY_HEAP
    else
        growth=0
    fi
    local secs mibs cpus bcpus
    secs=$(echo "$end - $start" | bc -l)
    mibs=$(echo "$SIZE_MIB / $secs" | bc -l)
    cpus=$(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc -l)
    bcpus=$(echo "($bcpu1 - $bcpu0) / $(getconf CLK_TCK)" | bc -l)
    printf '%-20s %7.2f s %7.1f MiB/s   CPU %5.2f s (backend %5.2f s)   heap +%3d MiB   load %s\n' "$label" "$secs" \
        "$mibs" "$cpus" "$bcpus" "$growth" "$(cut -d' ' -f1 /proc/loadavg)"
    [ "$COUNTED" = yes ] && echo "$label $mibs $cpus $growth" >> "$WORK/figures"
    return 0
}
reference() { # upload | download: asks the reference process and waits for its answer
    echo "$1" >&8
    local answer
    read -r answer <&7
    [[ "$answer" == done* ]] || { echo "reference failed: $answer $(tail -5 "$WORK/reference.log")"; exit 1; }
    REPLY_HEAP=${answer#done }
}
upload() {
    curl -sf -o /dev/null -D "$WORK/upload.headers" -F "file=@$WORK/file.bin;type=application/octet-stream" \
        "$BASE/bench/big.files"
    LOCATION=$(awk 'tolower($1) == "location:" {print $2}' "$WORK/upload.headers" | tr -d '\r')
}
download() {
    curl -sf -o /dev/null "$BASE$LOCATION/binary"
}
ceiling() { # drain | drain-binary | chunks
    local url="http://127.0.0.1:$CEILING_PORT"
    case "$1" in
        drain) curl -sf -o /dev/null -F "file=@$WORK/file.bin;type=application/octet-stream" "$url/drain" ;;
        drain-binary) curl -sf -o /dev/null -T "$WORK/file.bin" -X POST -H 'Content-Type: application/octet-stream' \
            "$url/drain" ;;
        chunks) curl -sf -o /dev/null -F "file=@$WORK/file.bin;type=application/octet-stream" "$url/chunks" ;;
    esac
}

{
echo "# Mangrove GridFS benchmark $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "# ${SIZE_MIB} MiB of random bytes; backend: mongo-java-server $BACKEND (separate JVM), 255 KiB chunks both;"
echo "# Mangrove -Xmx256m -Xmn32m (curl -F / curl -o /dev/null), reference -Xmx$REFERENCE_HEAP -Xmn32m (driver GridFS)"
curl -sf -o /dev/null -X PUT "$BASE/bench/big.files"
: > "$WORK/figures"
for round in $(seq 0 "$ROUNDS"); do
    COUNTED=$([ "$round" -gt 0 ] && echo yes || echo no)
    [ "$round" = 0 ] && echo "## warm-up round (not counted)" || echo "## round $round"
    [ -n "${LOCATION:-}" ] && curl -sf -o /dev/null -X DELETE "$BASE$LOCATION"
    measure "Mangrove upload" "$PID" jcmd upload
    measure "reference upload" "$RPID" self reference upload
    measure "Mangrove download" "$PID" jcmd download
    measure "reference download" "$RPID" self reference download
    if [ "$CEILING" = yes ]; then
        curl -sf -o /dev/null -X DELETE "http://127.0.0.1:$CEILING_PORT/chunks"
        measure "drain upload" "$CPID" none ceiling drain
        measure "drain-binary upload" "$CPID" none ceiling drain-binary
        measure "chunks upload" "$CPID" none ceiling chunks
    fi
done
[ "$CEILING" = yes ] && curl -sf -o /dev/null -X DELETE "http://127.0.0.1:$CEILING_PORT/chunks"
curl -sf "$BASE$LOCATION/binary" | sha256sum | cut -d' ' -f1 > "$WORK/download.sha"   # checked, not timed
[ "$(cat "$WORK/download.sha")" = "$SHA" ] && echo "download matches the file byte for byte (SHA-256)" \
    || echo "DOWNLOAD DIFFERS FROM THE FILE"
STORED=$(curl -sf "$BASE$LOCATION" | sed -n 's/.*"sha256" *: *"\([0-9a-f]*\)".*/\1/p')
[ "$STORED" = "$SHA" ] && echo "stored sha256 matches" || echo "STORED SHA-256 DIFFERS: $STORED"
curl -sf -o /dev/null -X DELETE "$BASE$LOCATION"
echo "## medians over $ROUNDS rounds (Mangrove / reference)"
for way in upload download; do
    median() { grep "^$1 $way " "$WORK/figures" | awk -v f="$2" '{print $f}' | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
    m=$(median Mangrove 3); r=$(median reference 3); mc=$(median Mangrove 4); rc=$(median reference 4)
    printf '%-8s %7.1f / %7.1f MiB/s = %3.0f %%   CPU %5.2f / %5.2f s = %3.0f %% of the reference'"'"'s CPU   Mangrove heap +%s MiB (max)\n' \
        "$way" "$m" "$r" "$(echo "100 * $m / $r" | bc -l)" "$mc" "$rc" "$(echo "100 * $mc / $rc" | bc -l)" \
        "$(grep "^Mangrove $way " "$WORK/figures" | awk '{print $5}' | sort -n | tail -1)"
done
if [ "$CEILING" = yes ]; then
    way=upload
    r=$(median reference 3); rc=$(median reference 4)
    echo "## the HTTP stack's ceiling (bench/UploadCeiling.java, SO_RCVBUF $CEILING_RCVBUF), as a share of the reference upload"
    for kind in drain drain-binary chunks; do
        c=$(median "$kind" 3); cc=$(median "$kind" 4)
        printf '%-13s %7.1f MiB/s = %3.0f %%   CPU %5.2f s = %3.0f %% of the reference'"'"'s CPU\n' "$kind" "$c" \
            "$(echo "100 * $c / $r" | bc -l)" "$cc" "$(echo "100 * $cc / $rc" | bc -l)"
    done
fi
} | tee "$OUT"
