package dev.parley.knowledge.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.junit.jupiter.api.Test;

/** Which detected types pass for which extension. */
class TypeCheckTest {

    static final MediaTypeRegistry REGISTRY = MediaTypeRegistry.getDefaultRegistry();
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    static boolean matches(String detected, String expected) {
        return TypeCheck.matches(MediaType.parse(detected), MediaType.parse(expected), REGISTRY);
    }

    @Test
    void sameKindPasses() {
        assertThat(matches("application/pdf", "application/pdf")).isTrue();
        assertThat(matches("application/vnd.ms-word.document.macroenabled.12", DOCX)).isTrue();
        assertThat(matches("application/xhtml+xml", "text/html")).isTrue();
        assertThat(matches("text/plain", "text/csv")).isTrue();
    }

    @Test
    void otherKindsFail() {
        assertThat(matches("application/x-executable", "application/pdf")).isFalse();
        assertThat(matches("application/x-msdownload", "text/html")).isFalse();
        assertThat(matches("application/zip", DOCX)).isFalse();
        assertThat(matches("application/pdf", DOCX)).isFalse();
        assertThat(matches("text/plain", "application/pdf")).isFalse();
    }
}
