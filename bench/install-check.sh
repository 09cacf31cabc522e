#!/usr/bin/env bash
# What the embed page's install check costs the widget API: widget-config requests/s from Parley's own
# frame (never noted, the baseline), from an allowed site (noted once a minute), the same with the
# per-node cache emptied before each request, and from a new forged origin each time. 9 interleaved
# rounds of 1.5 s per scenario, 8 clients, medians and paired ratios to the baseline of the same round,
# against a real Parley (test context, loopback).
# See src/test/java/dev/parley/widget/InstallCheckBenchmark.java. Usage: bench/install-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
mvn -B -q -o test -Dtest=InstallCheckBenchmark -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^INSTALL' || {
    echo "benchmark failed: see target/surefire-reports" >&2; exit 1; }
