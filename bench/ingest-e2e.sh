#!/usr/bin/env bash
# End-to-end ingestion: Debian's documentation PDFs from upload to READY through the real pipeline,
# with the time spent parsing and embedding. Prints lines starting with "E2E".
# Usage: bench/ingest-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
export JAVA_HOME
JAVA_HOME=$(parley_find_jdk)
mvn -B -q -o test -Dtest=IngestionEndToEndBenchmark -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^E2E' || {
    echo "benchmark failed: see target/surefire-reports" >&2; exit 1; }
