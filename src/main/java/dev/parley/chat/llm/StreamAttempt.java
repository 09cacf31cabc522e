package dev.parley.chat.llm;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        // The SDK sends the request and turns an error status into its exceptions; the body is read here (CompletionStream).
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
                     client.chat().completions().withRawResponse().createStreaming(params)) {
            CompletionStream.read(response.body(), chunk -> accept(chunk, onDelta));
        } catch (CallerFailure e) {
            throw e;
        } catch (CompletionStream.Refused e) {
            if (text.isEmpty()) throw new LlmUnavailable(e.reason(), e.getMessage(), true, null);
            throw broken(e.reason(), e.getMessage(), null);
        } catch (IOException e) {
            if (text.isEmpty()) throw new UncheckedIOException(e);
            throw broken(Failures.brokenReason(e), null, e);
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

    private void accept(CompletionStream.Chunk chunk, Consumer<String> onDelta) {
        // Read leniently: compatible servers leave out or null what OpenAI always sends.
        if (chunk.usage() != null) acceptUsage(chunk.usage());
        if (chunk.choices() == null) return;
        for (CompletionStream.Choice choice : chunk.choices()) {
            if (choice == null || (choice.index() != null && choice.index() != 0)) continue; // n=1: only ever one choice
            if (choice.finishReason() != null) finishReason = choice.finishReason();
            String piece = choice.content() == null ? "" : choice.content();
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

    private void acceptUsage(CompletionStream.Usage usage) {
        if (usage.promptTokens() != null) promptTokens = usage.promptTokens();
        if (usage.completionTokens() != null) completionTokens = usage.completionTokens();
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
