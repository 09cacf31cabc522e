import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.parley.knowledge.embedding.LocalEmbedder;
import dev.parley.knowledge.embedding.OnnxBatchEmbedder;
import dev.parley.knowledge.parsing.Chunker;
import dev.parley.knowledge.parsing.Section;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Embedding throughput of bge-small-en-v1.5-q on this machine, chunks/s of ~1000-char chunks of
 * real text (README and copyright files under /usr/share/doc, cut by Parley's Chunker):
 * (a) ONNX Runtime alone on pre-tokenized, length-sorted, pre-built batch tensors: the compute limit;
 * (b) Parley's OnnxBatchEmbedder.embed, what the pipeline calls (tokenizing, batching, pooling);
 * (c) langchain4j's embedAll (LocalEmbedder), one text per inference.
 * Variants run interleaved in every round, so load from other processes hits them alike; medians
 * are reported. Then the query latency of (b): one short, never-seen question per call.
 *
 * Run: bench/embeddings.sh [CHUNKS] [ROUNDS] [CONFIGS] [QUERY_CONFIG], a config being
 * BATCHxTHREADSxPARALLEL (batch size, intra-op threads, batches in parallel), e.g. 32x2x1,32x1x2.
 */
public class EmbeddingBench {

    /** batch size × intra-op threads × batches run in parallel. */
    record Config(int batch, int threads, int parallel) {
        static Config parse(String s) {
            String[] p = s.split("x");
            return new Config(Integer.parseInt(p[0]), Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 1);
        }

        @Override
        public String toString() {
            return "batch=" + batch + " threads=" + threads + " parallel=" + parallel;
        }
    }

    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int chunkCount = args.length > 0 ? Integer.parseInt(args[0]) : 160;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String defaults = String.join(",", "8x" + cores, "16x" + cores, "32x" + cores, "64x" + cores);
        List<Config> configs = Arrays.stream((args.length > 2 ? args[2] : defaults).split(",")).map(Config::parse).toList();
        Config queryConfig = args.length > 3 ? Config.parse(args[3]) : configs.get(Math.min(2, configs.size() - 1));

        List<String> texts = corpus(chunkCount);
        System.out.printf("cores=%d chunks=%d (mean %.0f chars) rounds=%d configs=%s%n", cores, texts.size(),
                texts.stream().mapToInt(String::length).average().orElse(0), rounds, configs);

        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<Config, Direct> direct = new LinkedHashMap<>();
        Map<Config, OnnxBatchEmbedder> parley = new LinkedHashMap<>();
        for (Config c : configs) {
            direct.put(c, new Direct(c));
            parley.put(c, new OnnxBatchEmbedder(c.batch(), c.threads(), c.parallel()));
        }
        LocalEmbedder langchain = new LocalEmbedder();

        // Warm-up: first inferences allocate arenas and JIT the Java side.
        List<String> warm = texts.subList(0, Math.min(32, texts.size()));
        for (Direct d : direct.values()) d.close(d.run(d.prepare(warm)));
        parley.values().forEach(e -> e.embed(warm));
        langchain.embed(warm);
        System.out.printf("tokens/chunk: mean %.0f%n", direct.values().iterator().next().meanTokens(texts));

        for (int r = 0; r < rounds; r++) {
            for (Config c : configs) {
                Direct d = direct.get(c);
                List<OnnxTensor[]> prepared = d.prepare(texts);
                long start = start();
                d.run(prepared);
                record(results, "a direct ORT        " + c, texts.size(), start);
                d.close(prepared);

                OnnxBatchEmbedder e = parley.get(c);
                start = start();
                e.embed(texts);
                record(results, "b OnnxBatchEmbedder " + c, texts.size(), start);
            }
            long start = start();
            langchain.embed(texts);
            record(results, "c langchain4j embedAll", texts.size(), start);
            System.out.printf("round %d/%d done%n", r + 1, rounds);
        }

        System.out.println();
        System.out.println("chunks/s of wall time, median of " + rounds + " rounds (min-max) | chunks per CPU-second, median:");
        results.forEach((name, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("  %-56s %6.1f  (%.1f-%.1f) | %5.1f%n", name, median(values), v[0], v[v.length - 1], median(CPU.get(name)));
        });
        // Ratios per round (a and b run back to back, c at the end of the same round), then the
        // median: steadier than a ratio of medians when other processes come and go.
        System.out.println("ratios, median of per-round ratios (wall) | ratio of CPU-second medians:");
        for (Config c : configs) {
            String a = "a direct ORT        " + c, b = "b OnnxBatchEmbedder " + c, lc = "c langchain4j embedAll";
            System.out.printf("  %-40s (b)/(a) = %.2f | %.2f   (b)/(c) = %.2f | %.2f%n", c, paired(results, b, a),
                    median(CPU.get(b)) / median(CPU.get(a)), paired(results, b, lc), median(CPU.get(b)) / median(CPU.get(lc)));
        }

        // Query latency: distinct short questions, one per call.
        OnnxBatchEmbedder queries = parley.containsKey(queryConfig) ? parley.get(queryConfig)
                : new OnnxBatchEmbedder(queryConfig.batch(), queryConfig.threads(), queryConfig.parallel());
        String[] topics = {"refund", "invoice", "shipping", "password", "opening hours", "warranty", "delivery", "account"};
        double[] latencies = new double[300];
        for (int i = -30; i < latencies.length; i++) {
            String q = "How does the " + topics[Math.floorMod(i, topics.length)] + " policy work for order " + (1000 + i) + "?";
            long start = System.nanoTime();
            queries.embed(List.of(q));
            if (i >= 0) latencies[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(latencies);
        System.out.printf("query embedding (b) %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms (%d distinct questions)%n", queryConfig,
                latencies[latencies.length / 2], latencies[latencies.length * 9 / 10], latencies[latencies.length * 99 / 100],
                latencies.length);

        if (!parley.containsKey(queryConfig)) queries.close();
        for (OnnxBatchEmbedder e : parley.values()) e.close();
        for (Direct d : direct.values()) d.close();
    }

    static double paired(Map<String, List<Double>> results, String x, String y) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < results.get(x).size(); r++) ratios.add(results.get(x).get(r) / results.get(y).get(r));
        return median(ratios);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    static final Map<String, List<Double>> CPU = new LinkedHashMap<>();
    static long cpuStart;

    /** Starts a measurement: returns the wall clock and remembers the process CPU time. */
    static long start() {
        cpuStart = OS.getProcessCpuTime();
        return System.nanoTime();
    }

    /** chunks/s of wall time, and chunks per CPU-second (all threads of this process: less sensitive to other load). */
    static void record(Map<String, List<Double>> results, String name, int n, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuSeconds = (OS.getProcessCpuTime() - cpuStart) / 1e9;
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(n / seconds);
        CPU.computeIfAbsent(name, k -> new ArrayList<>()).add(n / cpuSeconds);
    }

    /** ~1000-char chunks of English prose from this machine's package docs, deduplicated. */
    static List<String> corpus(int wanted) throws IOException {
        Set<String> chunks = new LinkedHashSet<>();
        Chunker chunker = new Chunker(1000, 150);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("/usr/share/doc"))) {
            files = walk.filter(p -> {
                String name = p.getFileName().toString();
                return Files.isRegularFile(p) && (name.equals("copyright") || name.startsWith("README")) && !name.endsWith(".gz");
            }).sorted().toList();
        }
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                continue; // not UTF-8
            }
            for (Chunker.Draft d : chunker.chunk(List.of(new Section(List.of(), null, null, text)), Locale.ENGLISH)) {
                if (d.content().length() >= 800) chunks.add(d.content());
                if (chunks.size() >= wanted) return new ArrayList<>(chunks);
            }
        }
        return new ArrayList<>(chunks);
    }

    static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * The compute limit: the same model, session options and batches (length-sorted, at most
     * {@code batch}, cut where padding would pass 15 % as OnnxBatchEmbedder does), with the inputs
     * tokenized and the tensors built beforehand; only inference and reading the CLS rows are timed.
     */
    static final class Direct implements AutoCloseable {
        static final double MAX_PADDING = 1.15; // as OnnxBatchEmbedder.MAX_PADDING
        final OrtEnvironment env = OrtEnvironment.getEnvironment();
        final Config config;
        final OrtSession session;
        final HuggingFaceTokenizer tokenizer;
        final ExecutorService pool;

        Direct(Config config) throws Exception {
            this.config = config;
            try (InputStream model = EmbeddingBench.class.getResourceAsStream("/bge-small-en-v1.5-q.onnx");
                 InputStream vocab = EmbeddingBench.class.getResourceAsStream("/bge-small-en-v1.5-q-tokenizer.json")) {
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(config.threads());
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(model.readAllBytes(), options);
                tokenizer = HuggingFaceTokenizer.newInstance(vocab, Map.of("padding", "false", "truncation", "true", "maxLength", "512"));
            }
            pool = Executors.newFixedThreadPool(config.parallel());
        }

        double meanTokens(List<String> texts) {
            return texts.stream().mapToInt(t -> tokenizer.encode(t).getIds().length).average().orElse(0);
        }

        List<OnnxTensor[]> prepare(List<String> texts) throws Exception {
            List<long[]> ids = new ArrayList<>();
            for (String t : texts) ids.add(tokenizer.encode(t).getIds());
            ids.sort(Comparator.comparingInt(a -> a.length));
            List<OnnxTensor[]> out = new ArrayList<>();
            int start = 0;
            while (start < ids.size()) {
                int end = start + 1;
                while (end < ids.size() && end - start < config.batch() && ids.get(end).length <= ids.get(start).length * MAX_PADDING) end++;
                List<long[]> batch = ids.subList(start, end);
                int len = batch.get(batch.size() - 1).length;
                long[][] in = new long[batch.size()][len];
                long[][] mask = new long[batch.size()][len];
                long[][] types = new long[batch.size()][len];
                for (int b = 0; b < batch.size(); b++) {
                    System.arraycopy(batch.get(b), 0, in[b], 0, batch.get(b).length);
                    Arrays.fill(mask[b], 0, batch.get(b).length, 1L);
                }
                out.add(new OnnxTensor[] {OnnxTensor.createTensor(env, in), OnnxTensor.createTensor(env, mask),
                        OnnxTensor.createTensor(env, types)});
                start = end;
            }
            return out;
        }

        List<OnnxTensor[]> run(List<OnnxTensor[]> batches) throws Exception {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (OnnxTensor[] t : batches) futures.add(pool.submit(() -> infer(t)));
            for (Future<float[][]> f : futures) f.get();
            return batches;
        }

        /** Inference plus reading the CLS rows out of the output buffer, nothing else. */
        float[][] infer(OnnxTensor[] t) throws Exception {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", t[0]);
            inputs.put("attention_mask", t[1]);
            if (session.getInputNames().contains("token_type_ids")) inputs.put("token_type_ids", t[2]);
            try (OrtSession.Result r = session.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) r.get(0);
                long[] shape = hidden.getInfo().getShape(); // [batch, length, 384]
                FloatBuffer all = hidden.getFloatBuffer();
                float[][] cls = new float[(int) shape[0]][(int) shape[2]];
                for (int b = 0; b < cls.length; b++) all.get((int) (b * shape[1] * shape[2]), cls[b]);
                return cls;
            }
        }

        void close(List<OnnxTensor[]> prepared) {
            prepared.forEach(p -> Arrays.stream(p).forEach(OnnxTensor::close));
        }

        @Override
        public void close() throws Exception {
            pool.shutdownNow();
            session.close();
            tokenizer.close();
        }
    }
}
