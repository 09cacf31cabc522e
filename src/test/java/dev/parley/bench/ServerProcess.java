package dev.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parley in a child JVM ({@link WidgetLoadServer}) with its log in a file, and what it uses while
 * it runs: RSS and OS threads from /proc, CPU time, heap and JVM threads from its Prometheus page.
 */
final class ServerProcess implements AutoCloseable {

    /**
     * Peaks and CPU used over one sampling window: the server's user and system time, and this
     * (harness) process's own, which shares the machine's cores with it.
     */
    record Usage(long peakRssMb, int peakOsThreads, int peakJvmThreads, long peakHeapMb, double userSeconds, double systemSeconds,
                 double harnessSeconds) {
        double cpuSeconds() {
            return userSeconds + systemSeconds;
        }
    }

    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final Pattern LIVE = Pattern.compile("(?m)^jvm_threads_live_threads\\S* ([0-9.E+]+)");

    final int port;
    final List<String> botKeys;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ServerProcess(Process process, int port, List<String> botKeys) {
        this.process = process;
        this.port = port;
        this.botKeys = botKeys;
    }

    static ServerProcess start(List<String> jvmOptions, List<String> args, Path log, Duration timeout) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WidgetLoadServer.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-log").start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println(line);
                    if (line.startsWith("BENCH-READY ")) ready.complete(line);
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("Parley exited before it was ready; see " + log));
        });
        try {
            String[] parts = ready.get(timeout.toSeconds(), TimeUnit.SECONDS).split(" ");
            return new ServerProcess(process, Integer.parseInt(parts[1]), List.of(parts[2].split(",")));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    /** Samples every second (the Prometheus page every fifth) until the returned sampler is stopped. */
    Sampler sample() {
        return new Sampler();
    }

    final class Sampler {
        private volatile boolean running = true;
        private final long[] cpuAtStart = cpuTicks(pid());
        private final long[] harnessAtStart = cpuTicks(ProcessHandle.current().pid());
        private long rss, heap;
        private int osThreads, jvmThreads;
        private final Thread thread = Thread.ofPlatform().daemon().name("sampler").start(this::loop);

        private void loop() {
            for (int i = 0; running; i++) {
                String status = read(Path.of("/proc", String.valueOf(pid()), "status"));
                rss = Math.max(rss, field(status, "VmRSS:") / 1024);
                osThreads = (int) Math.max(osThreads, field(status, "Threads:"));
                if (i % 5 == 0) scrape();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void scrape() {
            try {
                String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                double used = 0;
                for (Matcher m = HEAP.matcher(page); m.find(); ) used += Double.parseDouble(m.group(1));
                heap = Math.max(heap, (long) (used / (1024 * 1024)));
                Matcher live = LIVE.matcher(page);
                if (live.find()) jvmThreads = Math.max(jvmThreads, (int) Double.parseDouble(live.group(1)));
            } catch (IOException | InterruptedException e) {
                // a missed sample
            }
        }

        Usage stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            scrape();
            long[] cpu = cpuTicks(pid()), harness = cpuTicks(ProcessHandle.current().pid());
            return new Usage(rss, osThreads, jvmThreads, heap, (cpu[0] - cpuAtStart[0]) / 100.0, (cpu[1] - cpuAtStart[1]) / 100.0,
                    (harness[0] + harness[1] - harnessAtStart[0] - harnessAtStart[1]) / 100.0);
        }
    }

    /** utime and stime of a process, in clock ticks (1/100 s on Linux). */
    private static long[] cpuTicks(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).strip().split("\\s+")[0]);
        }
        return 0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: graceful shutdown stops the embedded PostgreSQL
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
