#!/usr/bin/env bash
# Dashboard server time for a tenant holding 1,000,000 messages, from the daily aggregates, against the
# same numbers computed directly from the messages (baseline, same run). Prints lines starting with "DASH".
# See src/test/java/dev/parley/bench/DashboardBenchmark.java. Seeding takes a few minutes on 2 cores.
# Usage: bench/dashboard.sh   (BENCH_OPTS="-Dbench.conversations=250000 -Dbench.runs=21 -Dbench.baselineRuns=5")
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
mvn -B -q -o test -Dexec.skip=true -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="${BENCH_OPTS:-}" 2>&1 | grep '^DASH' || { echo "benchmark failed: see target/surefire-reports" >&2; exit 1; }
