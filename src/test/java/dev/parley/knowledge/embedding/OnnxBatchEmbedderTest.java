package dev.parley.knowledge.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batching and padding barely change a text's vector, and the vectors agree with langchain4j's
 * one-text-at-a-time reference (which re-tokenises via detokenised text, hence not bit-identical).
 */
class OnnxBatchEmbedderTest {

    static OnnxBatchEmbedder batched;
    static LocalEmbedder reference;

    @BeforeAll
    static void load() {
        batched = new OnnxBatchEmbedder(8, 2);
        reference = new LocalEmbedder();
    }

    @AfterAll
    static void close() throws Exception {
        batched.close();
    }

    @Test
    void matchesTheReferenceWhateverTheBatchAndPadding() {
        List<String> texts = List.of("Refunds are paid within five working days.", "Hi", "Refunds take five days.",
                "Refunds are paid back within five working days.",
                "Invoices are e-mailed on the first day of every month as PDF files, and you can download older "
                        + "ones from the billing page of your account at any time.",
                "Wie lange dauert eine Rückerstattung?");
        List<float[]> ours = batched.embed(texts);
        List<float[]> theirs = reference.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(ours.get(i)).hasSize(384);
            assertThat(cosine(ours.get(i), theirs.get(i))).as(texts.get(i)).isGreaterThan(0.99);
            float[] alone = batched.embed(List.of(texts.get(i))).getFirst();
            // Not exactly 1: the quantized model scales activations per batch tensor, padding included;
            // batches therefore only group texts of similar length.
            assertThat(cosine(ours.get(i), alone)).as("batch invariance").isGreaterThan(0.995);
        }
        assertThat(cosine(ours.get(0), ours.get(1))).isLessThan(0.9);
    }

    @Test
    void truncatesAtTheModelsTokenLimitInsteadOfFailing() {
        String longText = "word ".repeat(3000);
        assertThat(batched.embed(List.of(longText)).getFirst()).hasSize(384);
    }

    @Test
    void parallelBatchesGiveTheSameVectorsInTheSameOrder() throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) texts.add("Question " + i + ": " + "how do refunds work? ".repeat(1 + i % 7));
        try (OnnxBatchEmbedder parallel = new OnnxBatchEmbedder(8, 1, 2)) {
            List<float[]> ours = parallel.embed(texts);
            List<float[]> sequential = batched.embed(texts);
            for (int i = 0; i < texts.size(); i++) assertThat(cosine(ours.get(i), sequential.get(i))).as(texts.get(i)).isGreaterThan(0.999);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
