package dev.parley.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The widget's public API under load, on loopback (bench/widget-load.sh): widget-config requests/s
 * against a trivial endpoint (embed.js answered 304), and N concurrent SSE chat streams (default
 * 1,000) through widget visitor sessions, each answer streamed by {@link PacedOpenAi} at 30
 * tokens/s; the added inter-token delay (client gap − fake gap, token by token), with the same
 * measurement for 10 streams as the baseline, and Parley's threads, heap, RSS and CPU meanwhile.
 * Parley runs in its own JVM ({@link WidgetLoadServer}); the fake and the clients run here.
 */
public final class WidgetLoadBenchmark {

    record Options(int streams, int baselineStreams, int runs, int tokens, double tokensPerSecond, double rampSeconds, int bots,
                   int loadSeconds, int loadConnections, Path work, List<String> serverJvm) {

        static Options parse(String[] args) {
            Map<String, String> o = new TreeMap<>();
            for (String a : args) {
                if (!a.startsWith("--") || !a.contains("=")) throw new IllegalArgumentException("unknown argument " + a);
                o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            Options options = new Options(i(o, "streams", 1000), i(o, "baseline-streams", 10), i(o, "runs", 3), i(o, "tokens", 900),
                    Double.parseDouble(o.getOrDefault("tokens-per-second", "30")), Double.parseDouble(o.getOrDefault("ramp", "20")),
                    i(o, "bots", 20), i(o, "load-seconds", 8), i(o, "load-connections", 32),
                    Path.of(o.getOrDefault("work", "target/bench-widget-load")),
                    List.of(o.getOrDefault("server-jvm", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
            o.keySet().removeAll(List.of("streams", "baseline-streams", "runs", "tokens", "tokens-per-second", "ramp", "bots",
                    "load-seconds", "load-connections", "work", "server-jvm"));
            if (!o.isEmpty()) throw new IllegalArgumentException("unknown options " + o.keySet());
            return options;
        }

        private static int i(Map<String, String> o, String key, int fallback) {
            return Integer.parseInt(o.getOrDefault(key, String.valueOf(fallback)));
        }
    }

    /** Percentiles of one run's samples, in milliseconds. */
    record Spread(int n, double p50, double p99, double max) {
        static Spread of(long[] nanos, int n) {
            if (n == 0) return new Spread(0, Double.NaN, Double.NaN, Double.NaN);
            long[] s = Arrays.copyOf(nanos, n);
            Arrays.sort(s);
            return new Spread(n, at(s, 0.50), at(s, 0.99), s[n - 1] / 1e6);
        }

        private static double at(long[] sorted, double p) {
            return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }

        @Override
        public String toString() {
            return n == 0 ? "n/a" : "%.1f / %.1f / %.1f ms".formatted(p50, p99, max);
        }
    }

    record StreamRun(int streams, int completed, Map<String, Integer> failures, int peakOpen, int peakStreaming, Spread added, Spread addedSteady,
                     Spread fakeJitter, Spread firstToken, ServerProcess.Usage usage, String load, double seconds) {}

    static final String ORIGIN = "https://shop.example";
    static final int VISITOR_ADDRESSES = 250;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Options options;
    private final PacedOpenAi fake;
    private final ServerProcess server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger nextStream = new AtomicInteger(1);

    private WidgetLoadBenchmark(Options options, PacedOpenAi fake, ServerProcess server) {
        this.options = options;
        this.fake = fake;
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.work());
        Duration gap = Duration.ofNanos(Math.round(1e9 / options.tokensPerSecond()));
        int rc = 0;
        try (PacedOpenAi fake = new PacedOpenAi(options.tokens(), gap)) {
            long started = System.nanoTime();
            try (ServerProcess server = ServerProcess.start(serverJvm(options), serverArgs(options, fake.baseUrl()),
                    options.work().resolve("server.log"), Duration.ofMinutes(5))) {
                log("Parley ready on port %d (pid %d) with %d bots in %.0f s", server.port, server.pid(), server.botKeys.size(),
                        (System.nanoTime() - started) / 1e9);
                new WidgetLoadBenchmark(options, fake, server).run();
            }
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    /** The JVM options given, and where the local model's native files are (set by the script). */
    static List<String> serverJvm(Options options) {
        List<String> jvm = new ArrayList<>();
        for (String p : List.of("DJL_CACHE_DIR", "ai.djl.offline", "jna.tmpdir")) {
            if (System.getProperty(p) != null) jvm.add("-D" + p + "=" + System.getProperty(p));
        }
        jvm.addAll(options.serverJvm());
        return jvm;
    }

    /**
     * Parley's arguments: the fake LLM, and the rate limits at their defaults unless this load needs
     * more, raised as ordinary configuration properties. Visitors come from 250 addresses, a few each;
     * a bot gets streams/bots of them at once (50 by default: the per-bot stream cap exactly).
     */
    static List<String> serverArgs(Options options, String llmBaseUrl) {
        int perBot = (options.streams() + options.bots() - 1) / options.bots();
        int perIp = (options.streams() + VISITOR_ADDRESSES - 1) / VISITOR_ADDRESSES;
        List<String> args = new ArrayList<>(List.of("--parley.data-dir=" + options.work().toAbsolutePath().resolve("data"),
                "--server.port=0", "--parley.llm.base-url=" + llmBaseUrl, "--parley.llm.api-key=bench", "--parley.llm.model=bench-model",
                "--bench.bots=" + options.bots(), "--bench.origin=" + ORIGIN));
        // Every run within a minute counts against the same buckets: allow all runs' messages in one window.
        if (perBot > 50) args.add("--parley.widget.limits.streams-per-bot=" + perBot);
        if (perBot * 4 > 600) args.addAll(List.of("--parley.widget.limits.sessions-per-bot=" + perBot * 4,
                "--parley.widget.limits.messages-per-bot=" + perBot * 4));
        if (perIp * 4 > 60) args.add("--parley.widget.limits.sessions-per-ip=" + perIp * 4);
        if (perIp * 4 > 120) args.add("--parley.widget.limits.messages-per-ip=" + perIp * 4);
        // The config requests/s run comes from one address: its buckets (120/min per address and bot) would
        // turn it into a measure of 429s. Raised so every request does the endpoint's whole work, bucket check included.
        args.addAll(List.of("--parley.widget.limits.config-per-ip-and-bot=100000000", "--parley.widget.limits.config-per-ip=100000000"));
        return args;
    }

    void run() throws Exception {
        String start = Instant.now().truncatedTo(ChronoUnit.MINUTES).toString();
        log("machine: %d cores, %s, load %s", Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), load());
        // Warm-up: JIT and pools, not counted.
        measureRequests(configUrl(), Map.of("Origin", ORIGIN), 3);
        fake.pace(60, Duration.ofNanos(fake.gapNanos()));
        streamRun(Math.min(100, options.streams()), 2);
        fake.pace(options.tokens(), Duration.ofNanos(fake.gapNanos()));

        String etag = http.send(HttpRequest.newBuilder(URI.create(base() + "/embed.js")).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("ETag").orElseThrow();
        expect(configUrl(), Map.of("Origin", ORIGIN), 200);
        expect(base() + "/embed.js", Map.of("If-None-Match", etag), 304);
        List<Double> config = new ArrayList<>(), trivial = new ArrayList<>();
        for (int r = 1; r <= options.runs(); r++) {
            config.add(measureRequests(configUrl(), Map.of("Origin", ORIGIN), options.loadSeconds()));
            trivial.add(measureRequests(base() + "/embed.js", Map.of("If-None-Match", etag), options.loadSeconds()));
            log("requests/s run %d: widget config %.0f, embed.js 304 %.0f", r, config.getLast(), trivial.getLast());
        }

        List<StreamRun> baseline = new ArrayList<>(), loaded = new ArrayList<>();
        for (int r = 1; r <= options.runs(); r++) {
            baseline.add(report("baseline run " + r, streamRun(options.baselineStreams(), Math.min(options.rampSeconds(), 1))));
            loaded.add(report("load run " + r, streamRun(options.streams(), options.rampSeconds())));
        }
        printMarkdown(start, config, trivial, baseline, loaded);
    }

    // ---- widget config requests/s ----

    private String configUrl() {
        return base() + "/api/v1/widget/config?bot=" + server.botKeys.getFirst() + "&host=" + ORIGIN;
    }

    /** Requests/s with wrk when installed (one thread, so the server keeps the other core), else a Java loop. */
    private double measureRequests(String url, Map<String, String> headers, int seconds) throws Exception {
        if (Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            List<String> command = new ArrayList<>(List.of("/usr/bin/wrk", "-t1", "-c" + options.loadConnections(), "-d" + seconds + "s"));
            headers.forEach((k, v) -> command.addAll(List.of("-H", k + ": " + v)));
            command.add(url);
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(wrk.getInputStream().readAllBytes());
            wrk.waitFor();
            if (out.contains("Non-2xx or 3xx responses")) throw new IllegalStateException("errors under load:\n" + out);
            Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
            if (!m.find()) throw new IllegalStateException("wrk said:\n" + out);
            return Double.parseDouble(m.group(1));
        }
        return javaLoad(url, headers, seconds);
    }

    private double javaLoad(String url, Map<String, String> headers, int seconds) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(b::header);
        HttpRequest request = b.build();
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < options.loadConnections(); c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status >= 400) throw new IllegalStateException("status " + status);
                        done.incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        return done.get() / (double) seconds;
    }

    private void expect(String url, Map<String, String> headers, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(b::header);
        int got = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (got != status) throw new IllegalStateException(url + " answered " + got + ", expected " + status);
    }

    // ---- concurrent streams ----

    private record Session(String token, String conversationId) {}

    /** {@code count} visitor sessions (one conversation each), spread over the bots. */
    private List<Session> sessions(int count) throws InterruptedException {
        Session[] sessions = new Session[count];
        Semaphore parallel = new Semaphore(4);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = i;
            parallel.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    String key = server.botKeys.get(k % server.botKeys.size());
                    String[] response = SseStreamClient.post(visitor(k), server.port, "/api/v1/widget/sessions",
                            "Origin: " + ORIGIN + "\r\n", "{\"bot\":\"" + key + "\",\"host\":\"" + ORIGIN + "\"}");
                    if (!response[0].equals("201")) throw new IllegalStateException("session: " + response[0] + " " + response[1]);
                    JsonNode json = JSON.readTree(response[1]);
                    sessions[k] = new Session(json.path("token").asString(), json.path("conversationId").asString());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    parallel.release();
                }
            }));
        }
        for (Thread t : threads) t.join();
        for (Session s : sessions) if (s == null) throw new IllegalStateException("a session could not be made");
        return List.of(sessions);
    }

    /** {@code count} streams started evenly over {@code rampSeconds}, each answered at the fake's pace. */
    private StreamRun streamRun(int count, double rampSeconds) throws Exception {
        List<Session> sessions = sessions(count);
        fake.forget();
        int first = nextStream.getAndAdd(count);
        int tokens = fake.tokens();
        SseStreamClient[] clients = new SseStreamClient[count];
        AtomicInteger open = new AtomicInteger(), peak = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(count);
        ServerProcess.Sampler sampler = server.sample();
        long t0 = System.nanoTime() + 200_000_000L;
        for (int k = 0; k < count; k++) {
            int i = k;
            clients[i] = new SseStreamClient(tokens);
            long due = t0 + (long) (i * rampSeconds * 1e9 / count);
            Thread.ofVirtual().start(() -> {
                for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
                peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                try {
                    clients[i].run(visitor(i), server.port, sessions.get(i).conversationId(), sessions.get(i).token(),
                            "How does the widget stream answers to visitors? [bench-" + (first + i) + "]");
                } finally {
                    open.decrementAndGet();
                    finished.countDown();
                }
            });
        }
        long limit = (long) (rampSeconds + tokens / options.tokensPerSecond() + 120);
        boolean all = finished.await(limit, TimeUnit.SECONDS);
        ServerProcess.Usage usage = sampler.stop();
        if (!all) log("not all streams ended within %d s", limit);
        return measure(clients, first, count, peak.get(), usage, (System.nanoTime() - t0) / 1e9);
    }

    private StreamRun measure(SseStreamClient[] clients, int first, int count, int peakOpen, ServerProcess.Usage usage, double seconds) {
        int completed = 0;
        Map<String, Integer> failures = new LinkedHashMap<>();
        long lastFirstToken = Long.MIN_VALUE, firstEnd = Long.MAX_VALUE;
        for (SseStreamClient c : clients) {
            if (c.outcome == SseStreamClient.Outcome.DONE) {
                completed++;
                lastFirstToken = Math.max(lastFirstToken, c.received[0]);
                firstEnd = Math.min(firstEnd, c.received[c.received.length - 1]);
            } else {
                String why = c.outcome + " " + c.detail.replaceAll("\\s+", " ");
                failures.merge(why.length() > 120 ? why.substring(0, 120) : why, 1, Integer::sum);
            }
        }
        int capacity = count * clients[0].received.length;
        long[] added = new long[capacity], steady = new long[capacity], jitter = new long[capacity], ttft = new long[count];
        int na = 0, ns = 0, nj = 0, nt = 0;
        long gap = fake.gapNanos();
        for (int k = 0; k < count; k++) {
            SseStreamClient c = clients[k];
            long[] sent = fake.sentTimes(first + k);
            if (sent == null) continue;
            for (int i = 1; i < sent.length && sent[i] != 0; i++) jitter[nj++] = sent[i] - sent[i - 1] - gap;
            if (c.outcome != SseStreamClient.Outcome.DONE) continue;
            ttft[nt++] = c.received[0] - c.startedAt;
            for (int i = 1; i < c.received.length; i++) {
                long delay = (c.received[i] - c.received[i - 1]) - (sent[i] - sent[i - 1]);
                added[na++] = delay;
                if (c.received[i - 1] >= lastFirstToken && c.received[i] <= firstEnd) steady[ns++] = delay;
            }
        }
        return new StreamRun(count, completed, failures, peakOpen, peakStreaming(clients), Spread.of(added, na), Spread.of(steady, ns), Spread.of(jitter, nj),
                Spread.of(ttft, nt), usage, load(), seconds);
    }

    /** Most streams between their first and last token at one moment (an open stream may still wait for its first). */
    private static int peakStreaming(SseStreamClient[] clients) {
        List<long[]> edges = new ArrayList<>();
        for (SseStreamClient c : clients) {
            if (c.deltas == 0) continue;
            edges.add(new long[] {c.received[0], 1});
            edges.add(new long[] {c.received[Math.min(c.deltas, c.received.length) - 1], -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        int now = 0, peak = 0;
        for (long[] e : edges) peak = Math.max(peak, now += (int) e[1]);
        return peak;
    }

    private static StreamRun report(String name, StreamRun r) {
        log("%s: %d streams, %d completed, failed %s, peak open %d, peak streaming %d, %.0f s", name, r.streams(), r.completed(),
                r.failures(), r.peakOpen(), r.peakStreaming(), r.seconds());
        log("  added inter-token delay p50/p99/max: all tokens %s (n=%d); while all were open %s (n=%d)", r.added(), r.added().n(),
                r.addedSteady(), r.addedSteady().n());
        log("  fake's own gap jitter %s; time to first token %s", r.fakeJitter(), r.firstToken());
        log("  Parley: peak RSS %d MB, peak heap used %d MB, peak JVM threads %d (OS threads %d), CPU %.1f s (user %.1f, system %.1f); "
                        + "harness (fake LLM + clients) CPU %.1f s; load %s",
                r.usage().peakRssMb(), r.usage().peakHeapMb(), r.usage().peakJvmThreads(), r.usage().peakOsThreads(), r.usage().cpuSeconds(),
                r.usage().userSeconds(), r.usage().systemSeconds(), r.usage().harnessSeconds(),
                r.load());
        return r;
    }

    // ---- results ----

    private void printMarkdown(String start, List<Double> config, List<Double> trivial, List<StreamRun> baseline, List<StreamRun> loaded) {
        System.out.println("\n=== RESULTS (markdown) ===");
        System.out.printf("Started %s; %d cores; tokens %d at %.0f/s per stream; ramp %.0f s; %d bots%n%n", start,
                Runtime.getRuntime().availableProcessors(), options.tokens(), options.tokensPerSecond(), options.rampSeconds(), options.bots());
        System.out.println("| requests/s | run 1 | run 2 | run 3 | median |\n|---|---|---|---|---|");
        System.out.printf("| widget config (GET /api/v1/widget/config, allowed Origin) | %s | **%.0f** |%n", cells(config), median(config));
        System.out.printf("| baseline: /embed.js answered 304 | %s | %.0f |%n", cells(trivial), median(trivial));
        System.out.printf("| ratio config / baseline | | | | %.2f |%n%n", median(config) / median(trivial));
        System.out.println("| streams | completed / failed | peak open / streaming | added delay p50 | p99 | max | p99 while all open | fake jitter p99 "
                + "| first token p50 | RSS MB | heap MB | JVM threads | OS threads | Parley CPU s (user / system) | harness CPU s | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (List<StreamRun> runs : List.of(baseline, loaded)) {
            for (StreamRun r : runs) {
                System.out.printf("| %d | %d / %d | %d / %d | %.1f ms | %.1f ms | %.1f ms | %s | %.1f ms | %.0f ms | %d | %d | %d | %d | %.1f (%.1f / %.1f) | %.1f | %s |%n",
                        r.streams(), r.completed(), r.streams() - r.completed(), r.peakOpen(), r.peakStreaming(), r.added().p50(), r.added().p99(),
                        r.added().max(), r.addedSteady().n() == 0 ? "n/a (never all at once)" : "%.1f ms".formatted(r.addedSteady().p99()), r.fakeJitter().p99(), r.firstToken().p50(), r.usage().peakRssMb(),
                        r.usage().peakHeapMb(), r.usage().peakJvmThreads(), r.usage().peakOsThreads(), r.usage().cpuSeconds(),
                        r.usage().userSeconds(), r.usage().systemSeconds(), r.usage().harnessSeconds(), r.load());
            }
            System.out.printf("| **median of %d runs (%d streams)** | | | %.1f ms | **%.1f ms** | %.1f ms | %s | %.1f ms | %.0f ms | | | | | | | |%n",
                    runs.size(), runs.getFirst().streams(), median(runs, r -> r.added().p50()), median(runs, r -> r.added().p99()),
                    median(runs, r -> r.added().max()), runs.stream().anyMatch(r -> r.addedSteady().n() == 0) ? "n/a"
                            : "%.1f ms".formatted(median(runs, r -> r.addedSteady().p99())), median(runs, r -> r.fakeJitter().p99()),
                    median(runs, r -> r.firstToken().p50()));
        }
        System.out.printf("%nratio p99 added delay, %d streams / %d streams: %.2f%n", options.streams(), options.baselineStreams(),
                median(loaded, r -> r.added().p99()) / median(baseline, r -> r.added().p99()));
    }

    private static String cells(List<Double> values) {
        List<String> c = new ArrayList<>(values.stream().map(v -> "%.0f".formatted(v)).toList());
        while (c.size() < 3) c.add("");
        return String.join(" | ", c.subList(0, 3));
    }

    private static double median(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double median(List<StreamRun> runs, java.util.function.ToDoubleFunction<StreamRun> f) {
        return median(runs.stream().map(r -> f.applyAsDouble(r)).toList());
    }

    /**
     * Visitor k's address: 127.0.1.1 to 127.0.1.250 (all loopback on Linux), so that, as on the
     * internet, the per-IP buckets are many and small rather than one for everybody.
     */
    private static InetAddress visitor(int k) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (1 + k % VISITOR_ADDRESSES)});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.port;
    }

    private static String load() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("WIDGETLOAD " + format + "%n", args);
    }
}
