package dev.parley.knowledge.embedding;

import java.util.List;

/** Turns texts into vectors. One model per instance; its name is stored with every vector. */
public interface Embedder {

    /** Stable model id, stored per chunk (e.g. "bge-small-en-v1.5-q"). */
    String model();

    int dimensions();

    /** One vector per text, same order. Implementations batch as they see fit. */
    List<float[]> embed(List<String> texts);
}
