package dev.parley.knowledge.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The worst single lines the text limit lets through: 5 M chars with no sentence end, or no space at all. */
class ChunkerTest {

    final Chunker chunker = new Chunker(1000, 150);

    @Test
    void aFiveMillionCharLineIsCutInLinearTime() {
        for (String line : List.of("x".repeat(5_000_000), "word ".repeat(1_000_000))) {
            long started = System.nanoTime();
            List<Chunker.Draft> drafts = chunker.chunk(List.of(new Section(List.of(), null, null, line)), Locale.ENGLISH);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(drafts).hasSizeGreaterThan(4_000).allSatisfy(d -> assertThat(d.content().length()).isLessThanOrEqualTo(1_150));
        }
    }
}
