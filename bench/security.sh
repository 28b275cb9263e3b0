#!/usr/bin/env bash
# Cost of security (run through bench/run.sh with BENCH_AUTH=off,basic,basic-nocache,bearer):
# for each mode, starts the server on the embedded in-memory backend, seeds 10,000 documents and
# runs wrk against GET of one document by id; Basic modes also time single requests with curl -w.
# Mode basic-expiry is basic with credentials-cache-ttl EXPIRY_TTL (5s), so a run spans many cache expiries.
# Mode off-nolog is off with the access log switched off (logger dev.mangrove.access at OFF).
# JAR=… benchmarks another build (e.g. a copy of an older mangrove.jar kept in bootstrap/target).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-32}"
OUT="${OUT:-bench/results-security.txt}"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
HEAP="${HEAP:-2g}"
BENCH_AUTH="${BENCH_AUTH:-off,basic,bearer}"
ADMIN_PASSWORD="bench-admin-password"
SECRET="bench-secret-bench-secret-bench-secret-0123"
PATH_BY_ID="/bench/items/4242?id_type=NUMBER"
PID=
TICKS=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }   # user + system time of the server, in ticks

stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; PID=; }
trap stop EXIT

start() { # mode
    local opts=(-Dmangrove.security.enabled=true -Dmangrove.security.jwt.secret="$SECRET")
    case "$1" in
        off) opts=(-Dmangrove.security.enabled=false) ;;
        off-nolog)
            # the bundled logging configuration with the access log off
            { cat bootstrap/src/main/resources/logging.properties; echo "dev.mangrove.access.level=OFF"; } > bench/logging-noaccess.properties
            opts=(-Dmangrove.security.enabled=false -Djava.util.logging.config.file=bench/logging-noaccess.properties) ;;
        basic|bearer) ;;
        basic-nocache) opts+=(-Dmangrove.security.credentials-cache-ttl=0s) ;;
        basic-expiry) opts+=(-Dmangrove.security.credentials-cache-ttl="${EXPIRY_TTL:-5s}") ;;   # a run spans many expiries
        *) echo "unknown BENCH_AUTH mode '$1' (off, off-nolog, basic, basic-nocache, basic-expiry, bearer)" >&2; exit 2 ;;
    esac
    MANGROVE_ADMIN_PASSWORD="$ADMIN_PASSWORD" "$JAVA" -Xmx"$HEAP" -Xmn32m -Dserver.port="$PORT" \
        -Dmangrove.embedded.in-memory=true "${opts[@]}" -jar "$JAR" > "bench/server-$1.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && return; sleep 0.5; done
    echo "server did not start, see bench/server-$1.log" >&2; exit 1
}

seed() { # curl auth args...
    seq 0 9999 | awk 'BEGIN{printf "["} {printf "%s{\"_id\":%d,\"name\":\"item-%d\",\"group\":%d,\"price\":%d.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":%d}}", (NR>1?",":""), $1, $1, $1%100, $1%1000, $1} END{printf "]"}' \
        | curl -sf -o /dev/null "$@" -X POST "$BASE/bench/items" -H 'Content-Type: application/json' --data-binary @-
}

timed() { # label, curl auth args...: five sequential requests, each timed
    local label=$1; shift
    printf '%s:' "$label"
    for _ in 1 2 3 4 5; do
        curl -s -o /dev/null -w ' %{http_code}/%{time_total}s' "$@" "$BASE$PATH_BY_ID"
    done
    echo
}

{
echo "# Mangrove security benchmark $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $JAR; wrk -t2 -c$CONNECTIONS -d$DURATION --latency GET $PATH_BY_ID; embedded in-memory backend, 10,000 documents, -Xmx$HEAP -Xmn32m"
for mode in ${BENCH_AUTH//,/ }; do
    start "$mode"
    auth=()
    case "$mode" in
        off|off-nolog) ;;
        basic|basic-nocache|basic-expiry)
            auth=(-H "Authorization: Basic $(printf 'admin:%s' "$ADMIN_PASSWORD" | base64 -w0)")
            # the very first authenticated request: bcrypt, and nothing on the request path compiled yet
            curl -s -o /dev/null -w "first request after start, GET /me (cold JVM, bcrypt): %{http_code} %{time_total}s\n" "${auth[@]}" "$BASE/me" ;;
        bearer)
            token=$(curl -sf -X POST "$BASE/token" -H 'Content-Type: application/json' \
                -d "{\"username\": \"admin\", \"password\": \"$ADMIN_PASSWORD\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
            auth=(-H "Authorization: Bearer $token") ;;
    esac
    seed "${auth[@]}"
    wrk -t2 -c"$CONNECTIONS" -d5s "${auth[@]}" "$BASE$PATH_BY_ID" > /dev/null   # warm-up, not reported
    sleep 2   # let the server finish what the warm-up left queued
    case "$mode" in
        basic) timed "single requests, credentials cached" "${auth[@]}" ;;
        basic-nocache) timed "single requests, no cache (a bcrypt each)" "${auth[@]}" ;;
    esac
    echo "## $mode: GET $PATH_BY_ID (load $(cut -d" " -f1 /proc/loadavg))"
    cpu0=$(cpu)
    result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${auth[@]}" "$BASE$PATH_BY_ID")
    cpu1=$(cpu)
    echo "$result" | grep -E "requests in|Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors"
    requests=$(echo "$result" | awk '/requests in/ {print $1}')
    echo "server CPU per request: $(( (cpu1 - cpu0) * 1000000 / TICKS / requests )) µs"
    stop
done
} | tee "$OUT"
