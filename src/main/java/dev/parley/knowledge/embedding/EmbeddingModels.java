package dev.parley.knowledge.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The configured model ({@link #current()}) and, on demand, earlier ones: a bot keeps searching
 * with the model its stored vectors come from until its switch to the current one is complete.
 * Earlier models are built lazily, so the local model costs nothing when no bot needs it.
 */
public final class EmbeddingModels implements AutoCloseable {

    private final Embedder current;
    private final Function<String, Embedder> others;
    private final ConcurrentMap<String, Optional<Embedder>> built = new ConcurrentHashMap<>();

    /** {@code others} builds an embedder for a stored model id, or returns null when it cannot. */
    public EmbeddingModels(Embedder current, Function<String, Embedder> others) {
        this.current = current;
        this.others = others;
    }

    /** Fixed set, for tests and benchmarks. */
    public static EmbeddingModels of(Embedder current, Embedder... others) {
        return new EmbeddingModels(current, model -> Arrays.stream(others).filter(e -> e.model().equals(model)).findFirst().orElse(null));
    }

    public Embedder current() {
        return current;
    }

    /** The embedder of a stored model id; null means the current one. */
    public Optional<Embedder> forModel(String model) {
        if (model == null || model.equals(current.model())) return Optional.of(current);
        return built.computeIfAbsent(model, m -> Optional.ofNullable(others.apply(m)));
    }

    @Override
    public void close() throws Exception {
        List<Embedder> all = new ArrayList<>();
        all.add(current);
        built.values().forEach(o -> o.ifPresent(all::add));
        for (Embedder e : all) if (e instanceof AutoCloseable c) c.close();
    }
}
