#!/usr/bin/env bash
# Retrieval at 1,000,000 chunks over 1,000 tenants (5 x 100k, 995 x ~503) as the app role, through
# the application's own beans: p50/p90/p99 and recall@10 against exact search for a big and a small
# tenant, vector-only and hybrid, with the baselines; and query-embedding latency of the local model.
# See src/test/java/dev/parley/bench/RetrievalBenchmark.java.
# Usage: bench/retrieval.sh [--reload] [--queries=200] [--warm-up=20] [--baseline-queries=100] [--knobs]
#                           [--data-dir=/tmp/parley-bench-retrieval] [--tenants=1000] [--big-size=100000]
#                           [--vectors=clustered|iid]   (BENCH_JAVA_OPTS=-Dbench.debug=5 prints hybrid misses)
# The first run generates the data (about 10 minutes on 2 cores: load 3.5 min, own indexes 2.5 min;
# 5.4 GB in the data directory); later runs reuse it and only measure (3-4 minutes). Prints a markdown block after "=== RESULTS (markdown) ===".
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
mvn -B -o -q test-compile
cp=target/bench-test-classpath.txt
[ -s "$cp" ] && [ "$cp" -nt pom.xml ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$cp")" \
    dev.parley.bench.RetrievalBenchmark "$@"
