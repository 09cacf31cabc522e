#!/usr/bin/env bash
# Time from `java -jar` to ready (HTTP 200 on /login), in three situations:
#   first   - a new data directory: initdb, migrations, demo seed
#   warm    - the same data directory again, no AOT cache
#   aot     - with the JDK 25 AOT cache recorded by a previous run (-XX:AOTCache)
# Usage: bench/startup.sh [RUNS]   (needs target/parley.jar; prints medians and ratios)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
JAVA=$JAVA_HOME/bin/java
JAR=target/parley.jar
PORT=18080
[ -f "$JAR" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }

# Starts the jar, waits for /login to answer 200, prints seconds, stops the app.
time_to_ready() {
    local data=$1; shift
    local start end pid
    start=$(date +%s.%N)
    PARLEY_DATA_DIR=$data "$JAVA" "$@" -jar "$JAR" --server.port=$PORT --parley.db.port=0 >"$data.log" 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/login"; do
        kill -0 "$pid" 2>/dev/null || { echo "app died, see $data.log" >&2; exit 1; }
        sleep 0.1
    done
    end=$(date +%s.%N)
    kill "$pid"; wait "$pid" || true
    echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

work=$(mktemp -d /tmp/parley-bench.XXXX)
chmod 755 "$work"
first=() warm=() aot=()
for i in $(seq "$RUNS"); do
    dir=$work/data-$i
    first+=("$(time_to_ready "$dir")")
    warm+=("$(time_to_ready "$dir")")
    # Training run: the cache is written when the JVM exits.
    time_to_ready "$dir" "-XX:AOTCacheOutput=$dir/parley.aot" -Xlog:aot=error >/dev/null
    aot+=("$(time_to_ready "$dir" "-XX:AOTCache=$dir/parley.aot")")
done
m_first=$(printf '%s\n' "${first[@]}" | median)
m_warm=$(printf '%s\n' "${warm[@]}" | median)
m_aot=$(printf '%s\n' "${aot[@]}" | median)
echo "runs=$RUNS  first-ever start: ${m_first}s  (${first[*]})"
echo "runs=$RUNS  warm start:       ${m_warm}s  (${warm[*]})"
echo "runs=$RUNS  warm + AOT cache: ${m_aot}s  (${aot[*]})"
echo "ratio aot/warm: $(echo "scale=2; $m_aot / $m_warm" | bc)"
rm -rf "$work"
