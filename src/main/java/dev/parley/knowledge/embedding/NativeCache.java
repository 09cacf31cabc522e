package dev.parley.knowledge.embedding;

import java.nio.file.Path;

/**
 * DJL (the tokenizer) unpacks its native library into ~/.djl.ai unless told otherwise, and would
 * download one it lacks; its CUDA probe loads JNA, which unpacks into ~/.cache/JNA. Keep both in
 * Parley's data directory (the home of a service account may be read-only) and DJL offline. ONNX
 * Runtime extracts into java.io.tmpdir and deletes on exit. Settings made on the command line win.
 */
final class NativeCache {

    private NativeCache() {}

    static void keepOutOfHome(Path dataDir) {
        String cache = dataDir.resolve("djl-cache").toAbsolutePath().toString();
        setIfAbsent("DJL_CACHE_DIR", cache);
        setIfAbsent("ENGINE_CACHE_DIR", cache);
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("jna.tmpdir", dataDir.resolve("djl-cache").resolve("jna").toAbsolutePath().toString());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
    }
}
