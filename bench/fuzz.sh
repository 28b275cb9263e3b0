#!/usr/bin/env bash
# A long run of the API fuzz suite (docs/security.md#fuzzing): CASES generated requests per family
# (5 families) with SEED, against a real server on the embedded backend; prints the figures by status class.
#   bench/fuzz.sh [CASES per family, default 20000] [SEED, default 20261207]
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${1:-20000}"
SEED="${2:-20261207}"
mvn -B -q verify -pl bootstrap -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ApiFuzzTest \
    -Dmangrove.fuzz.cases="$CASES" -Dmangrove.fuzz.seed="$SEED" || status=$?
cat bootstrap/target/fuzz-figures.txt
exit "${status:-0}"
