#!/usr/bin/env bash
# Size of the embedded H2 file under churn (docs/operations.md#size-of-the-embedded-store): replaces the same
# DOCS documents of about 1 KB over and over with PUTs for DURATION (wrk, CONNECTIONS connections), then
# reports bytes written vs live vs the file's size right after the churn and after IDLE seconds without
# requests (the upkeep compacts every mangrove.embedded.compaction-interval; freed space is reused after
# 45 s). Needs wrk, curl, a JDK 21+ and a built jar (mvn -DskipTests package); JAR=… measures another build.
#   bench/store-size.sh                      # 2,000 documents, 8 connections, 30 s, 90 s idle
#   DURATION=60s IDLE=120 bench/store-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="${JAR:-bootstrap/target/mangrove.jar}"
PORT="${PORT:-18082}"
BASE="http://127.0.0.1:$PORT"
DOCS="${DOCS:-2000}"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-8}"
IDLE="${IDLE:-90}"
OUT="${OUT:-bench/results-store-size.txt}"
FILLER=$(head -c 960 /dev/zero | tr '\0' 'x')
BODY="{\"round\":1,\"filler\":\"$FILLER\"}"
SIZE=$(( ${#BODY} + 20 )) # about the BSON size of one stored document (the body plus its _id)
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<LUA
local n = 0
request = function()
    n = n + 1
    return wrk.format("PUT", "/bench/churn/" .. (math.random(0, $DOCS - 1)) .. "?id_type=NUMBER",
        {["Content-Type"] = "application/json"}, '$BODY')
end
LUA
DATA=$(mktemp -d)
FILE="$DATA/mangrove.mv.db"
mb() { echo "scale=1; $1 / 1048576" | bc; }
{
echo "# Mangrove embedded store size $(date -u +%FT%TZ) on $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $JAR"
"$JAVA" -Xmx1g -Dserver.port="$PORT" -Dmangrove.embedded.data-dir="$DATA" -Dmangrove.security.enabled=false \
    -jar "$JAR" > bench/server-store-size.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA" "$LUA"' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/health/live" > /dev/null && break; sleep 0.5; done
kill -0 "$PID" || { echo "server did not start (port $PORT in use?)"; exit 1; }
for i in $(seq 0 $(( DOCS - 1 ))); do echo "{\"_id\":$i,\"round\":0,\"filler\":\"$FILLER\"}"; done \
    | paste -sd, | sed 's/^/[/; s/$/]/' > "$DATA/seed.json"
curl -sf -o /dev/null -X POST "$BASE/bench/churn" -H 'Content-Type: application/json' --data-binary @"$DATA/seed.json"
echo "## $DOCS documents of ~$SIZE bytes, replaced at random by PUT for $DURATION, $CONNECTIONS connections"
REQUESTS=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$LUA" "$BASE" | awk '/requests in/ {print $1}')
WRITTEN=$(( (REQUESTS + DOCS) * SIZE ))
LIVE=$(( DOCS * SIZE ))
echo "replacements: $REQUESTS; written $(mb $WRITTEN) MiB, live $(mb $LIVE) MiB"
echo "file right after the churn: $(mb "$(stat -c %s "$FILE")") MiB"
for t in $(seq 15 15 "$IDLE"); do
    sleep 15
    echo "file after ${t} s idle: $(mb "$(stat -c %s "$FILE")") MiB"
done
echo "documents stored: $(curl -sf "$BASE/bench/churn/_size" | tr -dc '0-9')"
} | tee "$OUT"
