package dev.parley.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's command-line tools. PostgreSQL refuses to run as root, so when this JVM is
 * root the server tools run as the unprivileged 'postgres' account (created by the packages).
 */
final class ProcessRunner {

    static final String SERVER_ACCOUNT = "postgres";

    private ProcessRunner() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a server tool (initdb, pg_ctl): as 'postgres' when we are root. */
    static String runServerTool(List<String> command, Map<String, String> env, long timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", SERVER_ACCOUNT, "--"));
        }
        full.addAll(command);
        return run(full, env, timeoutSeconds);
    }

    static String run(List<String> command, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // pg_ctl start keeps the server's stdout open only when no -l is given; we always pass -l.
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out after " + timeoutSeconds + " s: " + command.getFirst());
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new CommandFailedException(command, process.exitValue(), text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.getFirst(), e);
        }
    }

    static final class CommandFailedException extends IllegalStateException {
        final int exitCode;

        CommandFailedException(List<String> command, int exitCode, String output) {
            super(String.join(" ", command) + " exited with " + exitCode + ":\n" + output.strip());
            this.exitCode = exitCode;
        }
    }
}
