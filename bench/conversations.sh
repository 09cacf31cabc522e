#!/usr/bin/env bash
# The console's conversations at 1,000,000 messages: server time of the grid's first page per filter
# and of its capped count (against a full count(*)), and a streamed CSV export of 100,000 messages
# with the heap it holds (against loading all rows first). See
# src/test/java/dev/parley/bench/ConversationsBenchmark.java.
# Usage: bench/conversations.sh [--reload] [--runs=30] [--data-dir=/tmp/parley-bench-conversations]
# The first run generates the data (a few minutes on 2 cores); later runs reuse it and only measure.
# Prints a markdown block after "=== RESULTS (markdown) ===".
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
mvn -B -o -q test-compile
cp=target/bench-test-classpath.txt
[ -s "$cp" ] && [ "$cp" -nt pom.xml ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$cp")" \
    dev.parley.bench.ConversationsBenchmark "$@"
