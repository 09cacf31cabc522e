#!/usr/bin/env bash
# The widget's public API under load, on loopback: widget-config requests/s (wrk, else a Java loop)
# against /embed.js answered 304, and 1,000 concurrent SSE chat streams through widget sessions
# (20 bots in 20 workspaces), each answer streamed by a fake LLM at 30 tokens/s: added inter-token
# delay p50/p99/max, with 10 streams as the baseline, and Parley's threads, heap, RSS and CPU.
# Parley runs in its own JVM on a fresh data directory, with the per-IP limits raised by properties.
# See src/test/java/dev/parley/bench/WidgetLoadBenchmark.java. Prints a markdown block at the end.
# Usage: bench/widget-load.sh [--streams=1000] [--baseline-streams=10] [--runs=3] [--tokens=900]
#        [--tokens-per-second=30] [--ramp=20] [--bots=20] [--load-seconds=8] [--load-connections=32]
#        [--server-jvm='-Xmx1g']      (apt-get install wrk for the requests/s figures)
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
mvn -B -o -q test-compile
cp=target/bench-test-classpath.txt
[ -s "$cp" ] && [ "$cp" -nt pom.xml ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test
work=target/bench-widget-load
rm -rf "$work/data"
mkdir -p "$work"
cache=$PWD/target/djl-cache
# The server JVM inherits these: the local embedding model loads offline, nothing lands in $HOME.
exec "$JAVA_HOME/bin/java" -Xmx1g -DDJL_CACHE_DIR="$cache" -Dai.djl.offline=true -Djna.tmpdir="$cache/jna" \
    -cp "target/test-classes:target/classes:$(cat "$cp")" dev.parley.bench.WidgetLoadBenchmark --work="$work" "$@"
