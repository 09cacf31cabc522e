package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.llm.LlmMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PromptsTest {

    @Test
    void historyIsTrimmedOldestFirstToItsBudget() {
        List<ChatMessage> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) history.add(message(i % 2 == 1, "turn " + i + " " + "x".repeat(390)));
        List<LlmMessage> kept = Prompts.trimmedHistory(history, 250);
        assertThat(kept).hasSize(2);
        assertThat(kept.getFirst().content()).startsWith("turn 8");
        assertThat(kept.getLast().content()).startsWith("turn 9");
        assertThat(kept.getLast().role()).isEqualTo(LlmMessage.Role.ASSISTANT);
    }

    @Test
    void brokenAnswersAreLeftOutOfTheHistory() {
        ChatMessage broken = new ChatMessage(UUID.randomUUID(), "ASSISTANT", "Refunds reach", Instant.now(), null,
                AnswerMode.LLM, List.of(), null, null, null, null, null, false, null);
        assertThat(Prompts.trimmedHistory(List.of(message(false, "How long?"), broken), 1000)).hasSize(1);
    }

    @Test
    void followUpsAreRecognisedPerLanguage() {
        assertThat(FollowUps.looksLikeFollowUp("Is it free?", "en")).isTrue();
        assertThat(FollowUps.looksLikeFollowUp("And for Norway?", "en")).isTrue();
        assertThat(FollowUps.looksLikeFollowUp("How long does shipping to Norway take from Oslo?", "en")).isFalse();
        assertThat(FollowUps.looksLikeFollowUp("Wie lange dauert das bei einer Bestellung?", "de")).isTrue();
        assertThat(FollowUps.looksLikeFollowUp("Wie lange dauert der Versand nach Norwegen?", "de")).isFalse();
    }

    private static ChatMessage message(boolean assistant, String content) {
        return new ChatMessage(UUID.randomUUID(), assistant ? "ASSISTANT" : "USER", content, Instant.now(), null,
                assistant ? AnswerMode.LLM : null, List.of(), null, null, null, null, null, true, null);
    }
}
