package dev.parley.knowledge.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.List;

/**
 * The default: bge-small-en-v1.5 (quantized, 384 dimensions, reads 512 tokens) in process through
 * ONNX Runtime. No network, no key. The model ships inside a Maven artifact.
 */
public final class LocalEmbedder implements Embedder {

    public static final String MODEL = "bge-small-en-v1.5-q";

    private final EmbeddingModel model;

    public LocalEmbedder() {
        this.model = new BgeSmallEnV15QuantizedEmbeddingModel();
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(e -> e.vector()).toList();
    }
}
