package dev.parley.chat.llm;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One HTTP call of a streamed completion. Before the first text piece, failures are thrown as the
 * SDK raised them (the caller may retry); after it, always as {@link LlmStreamBroken}.
 */
final class StreamAttempt {

    /** Thrown by onDelta itself (e.g. the user went away): not the model's fault, passed on unchanged. */
    static final class CallerFailure extends RuntimeException {
        CallerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    private final StringBuilder text = new StringBuilder();
    private final List<LlmMessage> messages;
    private long firstTokenNanos;
    private String finishReason;
    private Long promptTokens;
    private Long completionTokens;

    private StreamAttempt(List<LlmMessage> messages) {
        this.messages = messages;
    }

    /** @param start System.nanoTime() of the caller's call, for the timings */
    static LlmResult run(OpenAIClient client, LlmEndpoint endpoint, List<LlmMessage> messages, Consumer<String> onDelta,
                         long start) {
        return new StreamAttempt(messages).stream(client, endpoint, onDelta, start);
    }

    private LlmResult stream(OpenAIClient client, LlmEndpoint endpoint, Consumer<String> onDelta, long start) {
        var params = ChatRequests.build(endpoint, messages, endpoint.maxTokens(), true);
        try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params)) {
            Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
            while (chunks.hasNext()) accept(chunks.next(), onDelta);
        } catch (CallerFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (text.isEmpty()) throw e;
            throw broken(Failures.brokenReason(e), null, e);
        }
        // A clean end without [DONE] raises nothing in the SDK: only a finish reason says the answer is complete.
        if (finishReason == null) {
            if (text.isEmpty()) throw new LlmUnavailable(Failures.ENDED_EARLY, "stream ended without finish_reason", true, null);
            throw broken(Failures.ENDED_EARLY, "stream ended without finish_reason", null);
        }
        // Healthy server, nothing to show (e.g. a reasoning model spent max_tokens thinking): let the caller fall back.
        if (text.isEmpty()) throw new LlmUnavailable(Failures.EMPTY, "finish_reason " + finishReason, false, null);
        long end = System.nanoTime();
        return new LlmResult(text.toString(), promptTokens(), completionTokens(), finishReason,
                millis(firstTokenNanos - start), millis(end - start));
    }

    private void accept(ChatCompletionChunk chunk, Consumer<String> onDelta) {
        // Read leniently (optional fields): compatible servers leave out or null what OpenAI always sends.
        chunk._usage().asKnown().ifPresent(this::acceptUsage);
        for (ChatCompletionChunk.Choice choice : chunk._choices().asKnown().orElse(List.of())) {
            if (choice._index().asKnown().orElse(0L) != 0) continue; // n=1: only ever one choice
            choice._finishReason().asKnown().ifPresent(r -> finishReason = r.asString());
            String piece = choice._delta().asKnown().flatMap(d -> d._content().asKnown()).orElse("");
            if (piece.isEmpty()) continue;
            if (text.isEmpty()) firstTokenNanos = System.nanoTime();
            text.append(piece);
            try {
                onDelta.accept(piece);
            } catch (RuntimeException e) {
                throw new CallerFailure(e);
            }
        }
    }

    private void acceptUsage(CompletionUsage usage) {
        usage._promptTokens().asKnown().ifPresent(n -> promptTokens = n);
        usage._completionTokens().asKnown().ifPresent(n -> completionTokens = n);
    }

    private LlmStreamBroken broken(String reason, String detail, Throwable cause) {
        return new LlmStreamBroken(reason, detail, text.toString(), promptTokens(), completionTokens(), cause);
    }

    private int promptTokens() {
        return promptTokens != null ? promptTokens.intValue() : ChatRequests.estimateTokens(ChatRequests.promptChars(messages));
    }

    private int completionTokens() {
        return completionTokens != null ? completionTokens.intValue() : ChatRequests.estimateTokens(text.length());
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
