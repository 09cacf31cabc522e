#!/usr/bin/env bash
# Parse + chunk throughput of the forked parser (a child JVM per document) against raw in-process
# Tika on the same real PDFs (Debian's manuals), the fixed cost of one child, and memory for a
# ~50 MB PDF (this side under -Xmx512m, the child under its own -Xmx384m).
# Usage: bench/parsing.sh [ROUNDS]   (needs target/parley.jar: mvn -DskipTests package)
# Runs from the Spring Boot jar through its PropertiesLauncher, so the worker starts as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
JAR=$PWD/target/parley.jar
OUT=$PWD/target/bench-parsing
[ -f "$JAR" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }
mkdir -p "$OUT/classes" "$OUT/work"
PDFS=()
for f in /usr/share/doc/libtasn1-doc/libtasn1.pdf /usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf \
         /usr/share/doc/valgrind/valgrind_manual.pdf.gz /usr/share/doc/nettle-dev/nettle.pdf.gz \
         /usr/share/doc/bzip2/manual.pdf.gz /usr/share/doc/fontconfig/fontconfig-user.pdf.gz; do
    [ -f "$f" ] && PDFS+=("$f")
done
[ ${#PDFS[@]} -gt 0 ] || { echo "no Debian PDFs found (apt-get install libtasn1-doc shared-mime-info valgrind)" >&2; exit 1; }

# Compile against the project's classes and dependencies; run against the jar.
[ -f "$OUT/classpath.txt" ] && [ "$OUT/classpath.txt" -nt pom.xml ] \
    || mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
"$JAVA_HOME/bin/javac" -nowarn -d "$OUT/classes" -cp "target/classes:$(cat "$OUT/classpath.txt")" bench/ParsingBench.java

run() {
    local heap=$1; shift
    "$JAVA_HOME/bin/java" "$heap" -cp "$JAR" -Dloader.path="$OUT/classes" \
        -Dloader.main=dev.parley.knowledge.parsing.ParsingBench org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}
valgrind=$(printf '%s\n' "${PDFS[@]}" | grep valgrind || printf '%s\n' "${PDFS[0]}")
[ -f "$OUT/work/big.pdf" ] || run -Xmx3g make-big "$valgrind" "$OUT/work/big.pdf" 50
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
run -Xmx512m "$ROUNDS" "$OUT/work" "${PDFS[@]}"
echo
run -Xmx512m memory "$OUT/work/big.pdf"
