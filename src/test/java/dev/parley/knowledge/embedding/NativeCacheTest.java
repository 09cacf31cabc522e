package dev.parley.knowledge.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh JVM whose home is an empty directory loads the local model the way Parley does (cache
 * settings from the data directory, none on the command line): the home stays empty and the
 * tokenizer's native library lands under the data directory.
 */
class NativeCacheTest {

    @Test
    void theLocalModelUnpacksIntoTheDataDirectoryNotTheHome(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path data = tmp.resolve("data");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("tmp")),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), data.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DJL") || k.startsWith("ENGINE_CACHE") || k.startsWith("XDG_"));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(tmp.resolve("out.txt"))).isZero();

        try (Stream<Path> inHome = Files.walk(home)) {
            assertThat(inHome.filter(p -> !p.equals(home)).map(Path::toString)).isEmpty();
        }
        try (Stream<Path> inData = Files.walk(data.resolve("djl-cache"))) {
            assertThat(inData.map(p -> p.getFileName().toString())).anyMatch(name -> name.contains("tokenizers."));
        }
    }

    /** What Parley's configuration does, in a JVM of its own. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            NativeCache.keepOutOfHome(Path.of(args[0]));
            try (OnnxBatchEmbedder embedder = new OnnxBatchEmbedder(8, 1, 1)) {
                if (embedder.embed(List.of("hello")).getFirst().length != 384) System.exit(2);
            }
            System.out.println("ok");
        }
    }
}
