#!/usr/bin/env bash
# Server time of one chat turn without the LLM and the query embedding, against retrieval alone and
# the answer cache, over Parley's own docs. Prints lines starting with "TURN". See ChatTurnBenchmark.java.
# Usage: bench/chat-turn.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
mvn -B -q -o test -Dtest=ChatTurnBenchmark -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^TURN' || {
    echo "benchmark failed: see target/surefire-reports" >&2; exit 1; }
