package dev.parley.knowledge.parsing;

import ch.qos.logback.classic.Level;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child process of {@link ForkedTikaParser}: parses one file and writes a {@link WorkerResult}
 * to the output file. A hostile file can only exhaust this process (its heap is small and fixed,
 * {@code -XX:+ExitOnOutOfMemoryError}), and the parent kills it at the timeout.
 *
 * <p>Arguments: file, expected MIME type, max chars, max embedded depth, max embedded count,
 * output file, timeout in milliseconds.
 */
final class ParseWorker {

    static final int EXIT_DONE = 0;
    static final int EXIT_CRASHED = 1;
    static final int EXIT_ORPHANED = 2;
    /** What the JVM exits with on -XX:+ExitOnOutOfMemoryError. */
    static final int EXIT_OUT_OF_MEMORY = 3;
    static final int EXIT_OWN_TIMEOUT = 4;

    private ParseWorker() {}

    public static void main(String[] args) throws IOException {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN); // logback's default without a configuration is DEBUG to stdout
        }
        Path file = Path.of(args[0]);
        ParseLimits limits = new ParseLimits(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        Path output = Path.of(args[5]);
        long timeoutMillis = Long.parseLong(args[6]);
        watchParent();
        // Should the parent fail to kill us, stop on our own shortly after its deadline.
        daemon(() -> {
            sleep(timeoutMillis + 5_000);
            Runtime.getRuntime().halt(EXIT_OWN_TIMEOUT);
        });
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output))) {
            try {
                TikaExtractor.Extracted result = TikaExtractor.extract(file, args[1], limits);
                WorkerResult.writeDocument(out, result.document(), result.truncated());
            } catch (ParseFailure failure) {
                WorkerResult.writeFailure(out, failure);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            Runtime.getRuntime().halt(EXIT_CRASHED);
        }
        // halt, not exit: a parser thread left behind must not keep the process alive.
        System.out.flush();
        Runtime.getRuntime().halt(EXIT_DONE);
    }

    /** The parent keeps our stdin open; end of input means it died, and the work is for nobody. */
    private static void watchParent() {
        daemon(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException ignored) {
                // treated like end of input
            }
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        });
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "parse-worker-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
