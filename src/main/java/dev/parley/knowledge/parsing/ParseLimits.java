package dev.parley.knowledge.parsing;

/** What one parse may produce and open; passed to the worker process on its command line. */
record ParseLimits(int maxChars, int maxEmbeddedDepth, int maxEmbeddedCount) {
    ParseLimits {
        if (maxChars < 1 || maxEmbeddedDepth < 0 || maxEmbeddedCount < 0) throw new IllegalArgumentException("bad parse limits");
    }
}
