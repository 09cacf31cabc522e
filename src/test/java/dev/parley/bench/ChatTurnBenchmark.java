package dev.parley.bench;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.chat.ChatCaller;
import dev.parley.chat.ChatTurns;
import dev.parley.chat.ConversationService;
import dev.parley.chat.SourceRef;
import dev.parley.chat.TurnListener;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.retrieval.HybridSearch;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Server time of one chat turn without the LLM and without embedding the question (its vector is
 * cached): store the question, count it, read the history, retrieve, answer extractively, store
 * the answer. Baselines in the same run: retrieval alone, and a repeated first question answered
 * from the answer cache. Not part of the suite (no Test suffix): bench/chat-turn.sh runs it.
 */
class ChatTurnBenchmark extends IntegrationTest {

    static final List<String> QUESTIONS = List.of(
            "How do I back up my Parley installation?", "Which port does the Parley console use by default?",
            "How do I restore a backup into a new data directory?", "What file types can I upload to the knowledge base?",
            "How is tenant data isolated in the database?", "How do I run Parley with an external PostgreSQL server?",
            "What does the operator API let a hosting provider do?", "How are web pages crawled and kept up to date?",
            "Which embedding model does Parley use without a key?", "How do I see the metrics for Prometheus?",
            "How long does parsing a large PDF document take?", "What happens when the ingestion crashes half way?",
            "How do invitations to a workspace work for new members?", "How do I switch to an OpenAI embedding model?",
            "What does the docker compose setup with several nodes look like?", "How are uploaded originals stored on disk?",
            "What limits protect the parser from hostile files?", "How are API keys scoped and revoked?",
            "How do I start Parley on a fresh Debian machine?", "Where are the screenshots of the console kept?");
    static final int ROUNDS = 10;

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired HybridSearch search;
    @Autowired ChatTurns turns;
    @Autowired ConversationService conversations;

    @Test
    void turnOverhead() {
        TenantId tenant = workspaces.newOwner().tenant();
        UUID bot = workspaces.newBot("Bench").id();
        for (Path doc : projectDocs()) knowledge.addText(bot, doc.toString(), read(doc));
        for (KnowledgeDocument doc : knowledge.list(bot)) AwaitDocument.finished(knowledge, doc.id(), Duration.ofMinutes(10));
        int chunks = knowledge.list(bot).stream().mapToInt(KnowledgeDocument::chunkCount).sum();
        SecurityContextHolder.clearContext();

        ChatCaller caller = ChatCaller.apiKey(tenant, "bench");
        as(tenant, () -> QUESTIONS.stream().map(q -> search.search(bot, q, 6)).toList()); // every question's vector cached
        UUID warmUp = as(tenant, () -> conversations.start(caller, bot).id());
        for (String q : QUESTIONS) turn(tenant, caller, warmUp, q);

        List<Double> turnMs = new ArrayList<>(), acceptMs = new ArrayList<>(), retrievalMs = new ArrayList<>(), cachedMs = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            UUID conversation = as(tenant, () -> conversations.start(caller, bot).id());
            turn(tenant, caller, conversation, "Hello, I have a few questions about running Parley.");
            for (String q : QUESTIONS) {
                turnMs.add(turn(tenant, caller, conversation, q));
                acceptMs.add(lastAcceptMs);
                long start = System.nanoTime();
                as(tenant, () -> search.search(bot, q, 6));
                retrievalMs.add((System.nanoTime() - start) / 1e6);
                UUID fresh = as(tenant, () -> conversations.start(caller, bot).id());
                cachedMs.add(turn(tenant, caller, fresh, q)); // a first question asked before: answer cache
            }
        }
        System.out.printf("%nTURN bot chunks=%d, questions=%d x %d rounds (extractive, question vectors cached)%n",
                chunks, QUESTIONS.size(), ROUNDS);
        report("TURN full turn (store, count, history, retrieve, answer, store)", turnMs);
        report("TURN of which accept (validate, store, count, history)", acceptMs);
        report("TURN baseline: retrieval alone", retrievalMs);
        report("TURN repeated first question (answer cache)", cachedMs);
        System.out.printf("TURN ratio turn/retrieval p50 %.2f%n", percentile(turnMs, 50) / percentile(retrievalMs, 50));
    }

    /** README.md and every Markdown file under docs/: the corpus the demo bot answers from. */
    private static List<Path> projectDocs() {
        try (var files = Files.walk(Path.of("docs"))) {
            List<Path> docs = new ArrayList<>(files.filter(f -> f.toString().endsWith(".md")).sorted().toList());
            docs.addFirst(Path.of("README.md"));
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds of the whole turn; the accept part (validate, store, count, history) goes to {@link #acceptMs}. */
    private double turn(TenantId tenant, ChatCaller caller, UUID conversation, String question) {
        long start = System.nanoTime();
        as(tenant, () -> {
            var turn = turns.accept(caller, conversation, question, null);
            lastAcceptMs = (System.nanoTime() - start) / 1e6;
            turns.answer(turn, new Discard());
            return null;
        });
        return (System.nanoTime() - start) / 1e6;
    }

    private double lastAcceptMs;

    private static <T> T as(TenantId tenant, Supplier<T> work) {
        return TenantContext.callAs(tenant, null, work);
    }

    private static void report(String what, List<Double> ms) {
        System.out.printf("%s: n=%d p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n", what, ms.size(), percentile(ms, 50),
                percentile(ms, 90), percentile(ms, 99));
    }

    static double percentile(List<Double> values, int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** The client side of a turn, reduced to nothing: only the server's work is timed. */
    private static final class Discard implements TurnListener {
        @Override public void sources(List<SourceRef> sources) {}
        @Override public void delta(String text) {}
        @Override public void done(Done done) {}
        @Override public void error(Failure failure) {
            throw new IllegalStateException(failure.message());
        }
    }
}
