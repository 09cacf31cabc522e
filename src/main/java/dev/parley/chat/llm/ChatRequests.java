package dev.parley.chat.llm;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.List;

/** The request body, the same for streamed and plain completions. */
final class ChatRequests {

    private ChatRequests() {
    }

    static ChatCompletionCreateParams build(LlmEndpoint endpoint, List<LlmMessage> messages, int maxTokens, boolean stream) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(endpoint.model())
                .temperature(endpoint.temperature())
                // max_tokens, not max_completion_tokens: vLLM, Ollama and older servers know only this one
                .maxTokens(maxTokens);
        if (stream) {
            // usage in the last chunk; servers that ignore this are handled by estimating
            b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        for (LlmMessage m : messages) {
            switch (m.role()) {
                case SYSTEM -> b.addSystemMessage(m.content());
                case USER -> b.addUserMessage(m.content());
                case ASSISTANT -> b.addAssistantMessage(m.content());
            }
        }
        return b.build();
    }

    /** Servers that send no usage: about four characters a token for English text; good enough for quotas and stats. */
    static int estimateTokens(int chars) {
        return (chars + 3) / 4;
    }

    static int promptChars(List<LlmMessage> messages) {
        int chars = 0;
        for (LlmMessage m : messages) chars += m.content() == null ? 0 : m.content().length();
        return chars;
    }
}
