package dev.parley.chat;

import dev.parley.chat.answer.Evidence;
import dev.parley.chat.answer.ExtractiveAnswer;
import dev.parley.chat.answer.ExtractiveAnswerer;
import dev.parley.chat.llm.LlmClient;
import dev.parley.chat.llm.LlmResult;
import dev.parley.chat.llm.LlmStreamBroken;
import dev.parley.chat.llm.LlmUnavailable;
import dev.parley.retrieval.HybridSearch;
import dev.parley.retrieval.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One chat turn, in the order the design fixes: the question is stored first (its own
 * transaction, so nothing after it can lose it), then limits and quotas, then retrieval, the
 * answer streamed as it is made, and the answer stored with its sources, mode, tokens and timings.
 * {@link #accept} runs before any response byte, so its refusals become plain HTTP errors;
 * {@link #answer} streams.
 */
@Service
public class ChatTurns {

    private static final Logger log = LoggerFactory.getLogger(ChatTurns.class);
    private static final int HISTORY_TURNS = 20;

    private final ConversationService conversations;
    private final BotProfiles profiles;
    private final MessageStore messages;
    private final UsageQuotas quotas;
    private final AnswerCache cache;
    private final FollowUps followUps;
    private final HybridSearch search;
    private final ExtractiveAnswerer extractive;
    private final LlmClient llm;
    private final ChatProperties properties;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ChatTurns(ConversationService conversations, BotProfiles profiles, MessageStore messages, UsageQuotas quotas,
              AnswerCache cache, FollowUps followUps, HybridSearch search, ExtractiveAnswerer extractive, LlmClient llm,
              ChatProperties properties, PlatformTransactionManager transactions, ApplicationEventPublisher events) {
        this.conversations = conversations;
        this.profiles = profiles;
        this.messages = messages;
        this.quotas = quotas;
        this.cache = cache;
        this.followUps = followUps;
        this.search = search;
        this.extractive = extractive;
        this.llm = llm;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.events = events;
    }

    /**
     * Validates, stores and counts the question. Must run in the caller's tenant scope.
     *
     * @param idempotencyKey the client's id for this message: sending it again never stores a second
     *                       question or answer, and replays the stored answer
     */
    public Turn accept(ChatCaller caller, UUID conversationId, String content, String idempotencyKey) {
        long acceptedAt = System.nanoTime();
        String question = content == null ? "" : content.strip();
        if (question.isEmpty()) throw new ChatRefused(ChatRefused.Reason.INVALID, "Write a message first.");
        if (question.length() > properties.maxMessageChars()) {
            throw new ChatRefused(ChatRefused.Reason.TOO_LONG, "A message has at most "
                    + String.format("%,d", properties.maxMessageChars()) + " characters; this one has "
                    + String.format("%,d", question.length()) + ".");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 100)) {
            throw new ChatRefused(ChatRefused.Reason.INVALID, "An idempotency key has 1 to 100 characters.");
        }
        // One transaction stores the question, counts it and reads the history. A quota refusal is
        // returned, not thrown, so that the question still commits: it is never lost.
        Stored stored = tx.execute(s -> {
            Stored q = store(caller, conversationId, question, idempotencyKey);
            if (q.replay.isPresent()) return q;
            Optional<ChatRefused> refusal = q.count ? quotas.admit(caller.tenant().value(), q.profile.bot().id(),
                    q.profile.answers().maxMessagesPerDay(), q.profile.llm().isPresent()) : Optional.empty();
            return q.with(refusal, refusal.isPresent() ? List.of() : messages.history(conversationId, q.questionId, HISTORY_TURNS));
        });
        stored.refusal.ifPresent(refusal -> {
            throw refusal;
        });
        return new Turn(caller, conversationId, stored.profile, stored.questionId, question, stored.replay, stored.history, acceptedAt);
    }

    private record Stored(BotProfile profile, UUID questionId, Optional<ChatMessage> replay, boolean count,
                          Optional<ChatRefused> refusal, List<ChatMessage> history) {
        Stored(BotProfile profile, UUID questionId, Optional<ChatMessage> replay, boolean count) {
            this(profile, questionId, replay, count, Optional.empty(), List.of());
        }

        Stored with(Optional<ChatRefused> refusal, List<ChatMessage> history) {
            return new Stored(profile, questionId, replay, count, refusal, history);
        }
    }

    private Stored store(ChatCaller caller, UUID conversationId, String question, String idempotencyKey) {
        Conversation conversation = conversations.find(caller, conversationId).orElseThrow(ConversationService::notFound);
        BotProfile profile = profiles.of(caller.tenant(), conversation.botId()).orElseThrow(ConversationService::notFound);
        if (!profile.bot().enabled()) throw new ChatRefused(ChatRefused.Reason.BOT_DISABLED, "This assistant is switched off.");
        MessageStore.StoredQuestion stored = messages.storeQuestion(conversationId, question, idempotencyKey);
        if (!stored.resent()) return new Stored(profile, stored.id(), Optional.empty(), true);
        if (!stored.content().equals(question)) {
            throw new ChatRefused(ChatRefused.Reason.KEY_REUSED, "This idempotency key was already used for another message.");
        }
        Optional<ChatMessage> reply = messages.replyTo(stored.id());
        if (reply.isPresent() && reply.get().complete()) return new Stored(profile, stored.id(), reply, false);
        // A broken answer is replaced by a whole one; it was counted when first sent.
        reply.ifPresent(r -> messages.dropIncompleteReply(stored.id()));
        return new Stored(profile, stored.id(), Optional.empty(), reply.isEmpty());
    }

    /** Answers an accepted turn through {@code listener}. Must run in the caller's tenant scope. */
    public void answer(Turn turn, TurnListener listener) {
        SafeListener out = new SafeListener(listener, turn.acceptedAt);
        if (turn.replay.isPresent()) {
            replay(turn.replay.get(), out);
            return;
        }
        try {
            respond(turn, out);
        } catch (RuntimeException e) {
            log.error("Answering question {} failed", turn.questionId, e);
            out.error(new TurnListener.Failure("internal", "Something went wrong while answering. Please send your message again.",
                    true, null));
        }
    }

    private void respond(Turn turn, SafeListener out) {
        UUID botId = turn.profile.bot().id();
        List<ChatMessage> history = turn.history;
        long stamp = cache.stamp();
        if (history.isEmpty()) {
            Optional<AnswerCache.Cached> cached = cache.get(botId, turn.question);
            if (cached.isPresent()) {
                AnswerCache.Cached c = cached.get();
                finish(turn, out, c.sources(), c.text(), c.mode(), c.model(), 0, 0, true);
                return;
            }
        }
        String query = followUps.searchQuery(turn.profile, history, turn.question);
        List<Passage> evidence = Prompts.withinBudget(search.search(botId, query, properties.passages()).stream()
                .filter(Passage::evidence).toList(), properties.sourceTokens());
        List<SourceRef> sources = numbered(evidence);
        if (evidence.isEmpty()) {
            String text = Wording.unanswered(turn.profile);
            finish(turn, out, List.of(), text, AnswerMode.UNANSWERED, null, 0, 0, true);
            if (history.isEmpty()) cache.put(botId, turn.question, new AnswerCache.Cached(AnswerMode.UNANSWERED, text, List.of(), null), stamp);
            return;
        }
        if (turn.profile.llm().isPresent()) {
            answerWithLlm(turn, out, evidence, sources, history, stamp);
        } else {
            answerExtractively(turn, out, evidence, sources, AnswerMode.EXTRACTIVE, history.isEmpty(), stamp);
        }
    }

    private void answerWithLlm(Turn turn, SafeListener out, List<Passage> evidence, List<SourceRef> sources,
                               List<ChatMessage> history, long stamp) {
        var endpoint = turn.profile.llm().get();
        StringBuilder streamed = new StringBuilder();
        out.sources(sources);
        try {
            LlmResult result = llm.stream(endpoint, Prompts.answer(turn.profile, evidence, history, turn.question,
                    properties.historyTokens()), delta -> {
                streamed.append(delta);
                out.delta(delta);
            });
            finish(turn, out, sources, result.text(), AnswerMode.LLM, endpoint.model(), result.promptTokens(),
                    result.completionTokens(), false);
            if (history.isEmpty()) {
                cache.put(turn.profile.bot().id(), turn.question, new AnswerCache.Cached(AnswerMode.LLM, result.text(), sources,
                        endpoint.model()), stamp);
            }
        } catch (LlmUnavailable e) {
            log.warn("LLM {} unavailable for bot {} ({}); answering from the documents", endpoint.baseUrl(),
                    turn.profile.bot().id(), e.getMessage());
            answerExtractively(turn, out, evidence, sources, AnswerMode.FALLBACK, false, stamp);
        } catch (LlmStreamBroken e) {
            log.warn("LLM stream for question {} broke after {} characters: {}", turn.questionId, streamed.length(), e.getMessage());
            UUID stored = store(turn, out, sources, e.partialText(), AnswerMode.LLM, endpoint.model(), e.promptTokens(),
                    e.completionTokens(), false);
            out.error(new TurnListener.Failure("stream_broken",
                    "The answer was interrupted. Send your message again to get a complete one.", true, stored));
        }
    }

    private void answerExtractively(Turn turn, SafeListener out, List<Passage> evidence, List<SourceRef> sources,
                                    AnswerMode mode, boolean cacheable, long stamp) {
        List<Evidence> numbered = new ArrayList<>();
        for (int i = 0; i < evidence.size(); i++) {
            Passage p = evidence.get(i);
            numbered.add(new Evidence(i + 1, p.citation().title(), p.citation().section(), p.content(), p.similarity(), p.curated()));
        }
        ExtractiveAnswer answer = extractive.answer(turn.question, numbered, turn.profile.language());
        if (!answer.found()) {
            String text = Wording.unanswered(turn.profile);
            finish(turn, out, List.of(), text, AnswerMode.UNANSWERED, null, 0, 0, true);
            if (cacheable) cache.put(turn.profile.bot().id(), turn.question, new AnswerCache.Cached(AnswerMode.UNANSWERED, text, List.of(), null), stamp);
            return;
        }
        String text = mode == AnswerMode.FALLBACK ? answer.text() + "\n\n" + Wording.fallbackNotice(turn.profile.language()) : answer.text();
        finish(turn, out, sources, text, mode, null, 0, 0, true);
        if (cacheable) cache.put(turn.profile.bot().id(), turn.question, new AnswerCache.Cached(mode, text, sources, null), stamp);
    }

    /** Sends what was not streamed yet, stores the answer and reports done. */
    private void finish(Turn turn, SafeListener out, List<SourceRef> sources, String text, AnswerMode mode, String model,
                        int promptTokens, int completionTokens, boolean sendText) {
        if (sendText) {
            if (!out.sentSources()) out.sources(sources);
            for (String piece : pieces(text)) out.delta(piece);
        }
        UUID id = store(turn, out, sources, text, mode, model, promptTokens, completionTokens, true);
        out.done(new TurnListener.Done(id, mode, model, promptTokens, completionTokens, out.firstTokenMs(), out.elapsedMs()));
    }

    private UUID store(Turn turn, SafeListener out, List<SourceRef> sources, String text, AnswerMode mode, String model,
                       int promptTokens, int completionTokens, boolean complete) {
        UUID botId = turn.profile.bot().id();
        UUID id = tx.execute(s -> {
            UUID stored = messages.storeAnswer(turn.conversationId, new MessageStore.Answer(turn.questionId, text, mode, sources,
                    model, promptTokens, completionTokens, out.firstTokenMs(), out.elapsedMs(), complete));
            quotas.addTokens(turn.caller.tenant().value(), botId, promptTokens, completionTokens);
            return stored;
        });
        events.publishEvent(new MessageAnswered(turn.caller.tenant().value(), botId, turn.conversationId, turn.questionId, id,
                mode, complete));
        return id;
    }

    private void replay(ChatMessage answer, SafeListener out) {
        out.sources(answer.sources());
        out.delta(answer.content());
        out.done(new TurnListener.Done(answer.id(), answer.mode(), answer.model(), zero(answer.promptTokens()),
                zero(answer.completionTokens()), zero(answer.firstTokenMs()), zero(answer.totalMs())));
    }

    private static List<SourceRef> numbered(List<Passage> evidence) {
        List<SourceRef> refs = new ArrayList<>();
        for (int i = 0; i < evidence.size(); i++) {
            Passage p = evidence.get(i);
            refs.add(new SourceRef(i + 1, p.chunkId(), p.documentId(), p.citation().title(), p.citation().section(),
                    p.citation().page(), p.citation().url(), Math.round(p.similarity() * 1000) / 1000.0));
        }
        return refs;
    }

    /** Extractive and cached answers go out sentence by sentence, like a stream. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (String sentence : text.split("(?<=[.!?])(?=\\s)")) if (!sentence.isEmpty()) pieces.add(sentence);
        return pieces;
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}
