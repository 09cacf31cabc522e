package dev.parley.unanswered;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How unanswered questions are grouped.
 *
 * @param similarity cosine similarity at which a question joins an open group (its first question)
 * @param examples   questions shown per group in the console
 */
@ConfigurationProperties("parley.unanswered")
public record UnansweredProperties(@DefaultValue("0.85") double similarity, @DefaultValue("5") int examples) {

    public UnansweredProperties {
        if (similarity <= 0 || similarity > 1) throw new IllegalArgumentException("parley.unanswered.similarity is in (0, 1]");
        if (examples < 1) throw new IllegalArgumentException("parley.unanswered.examples is at least 1");
    }
}
