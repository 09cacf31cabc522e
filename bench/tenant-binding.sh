#!/usr/bin/env bash
# Per-transaction tenant binding vs a session-level tenant, PK lookup, as the app role.
# Usage: bench/tenant-binding.sh [DATA_DIR] [ITERATIONS] [ROUNDS]
# Needs a running embedded cluster (start Parley once with ./parley start, or leave it running).
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
DATA=${1:-data}
driver=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort -V | tail -1)
[ -n "$driver" ] || { echo "PostgreSQL JDBC driver not in ~/.m2: build Parley once" >&2; exit 1; }
exec "$JAVA_HOME/bin/java" -cp "$driver" bench/TenantBindingBench.java "$DATA" "${2:-5000}" "${3:-7}"
