#!/usr/bin/env bash
# The widget in Chromium: loader execution to launcher visible, and click to a ready chat, medians of 20
# runs against a real Parley (test context, loopback, no LLM). Prints lines starting with "WIDGET".
# See src/test/java/dev/parley/widget/WidgetBrowserBenchmark.java. Usage: bench/widget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
mvn -B -q -o test -Dtest=WidgetBrowserBenchmark -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^WIDGET' || {
    echo "benchmark failed: see target/surefire-reports" >&2; exit 1; }
