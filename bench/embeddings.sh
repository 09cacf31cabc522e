#!/usr/bin/env bash
# Embedding throughput (chunks/s of ~1000-char chunks) and query latency of the local model:
# direct ONNX Runtime vs Parley's OnnxBatchEmbedder vs langchain4j embedAll. See EmbeddingBench.java.
# Usage: bench/embeddings.sh [CHUNKS=160] [ROUNDS=5] [CONFIGS=8x<cores>,16x..,32x..,64x..] [QUERY_CONFIG]
# (a config is BATCHxINTRA_OP_THREADSxPARALLEL_BATCHES, e.g. 32x1x2)
# Builds the classes if needed (offline Maven); leaves nothing in the home directory.
set -euo pipefail
cd "$(dirname "$0")/.."
. src/scripts/setup-system.sh
JAVA_HOME=$(parley_find_jdk)
export JAVA_HOME
[ -d target/classes/dev/parley/knowledge/embedding ] || mvn -B -o -q compile
cp=target/bench-classpath.txt
[ -s "$cp" ] && [ "$cp" -nt pom.xml ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=runtime
cache=target/bench-native-cache
exec "$JAVA_HOME/bin/java" -Xmx2g -DDJL_CACHE_DIR="$cache" -DENGINE_CACHE_DIR="$cache" -Dai.djl.offline=true \
    -Djna.tmpdir="$cache/jna" -cp "target/classes:$(cat "$cp")" bench/EmbeddingBench.java "$@"
