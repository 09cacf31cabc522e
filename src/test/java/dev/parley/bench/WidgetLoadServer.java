package dev.parley.bench;

import dev.parley.ParleyApplication;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.DocumentStatus;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.SignUpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The server side of bench/widget-load.sh, in its own JVM so that its threads, heap and RSS are
 * Parley's alone: the real application (embedded PostgreSQL on a fresh data directory), started
 * with the arguments given (the harness passes the raised limits as ordinary properties), then
 * {@code --bench.bots=N} workspaces with one bot each, allowed on {@code --bench.origin}, each with
 * one short document. Prints {@code BENCH-READY port key1,key2,...} and serves until killed.
 */
public final class WidgetLoadServer {

    /** What each bench bot knows; the harness's questions are about it, so retrieval finds evidence. */
    static final String DOCUMENT = """
            # Streaming answers in the Parley widget

            The Parley widget streams every answer to the visitor as it is written. The chat window shows the
            text piece by piece, with the numbered sources first, so a visitor starts reading at once.

            Answers stream as server-sent events over one HTTP response: sources, then delta events with the
            text, then done. A visitor who reloads the page continues the same conversation.

            Each bot can stream many answers at once; a cap per bot keeps one busy site from slowing others.
            """;

    private WidgetLoadServer() {}

    public static void main(String[] args) throws Exception {
        int bots = Integer.parseInt(option(args, "--bench.bots=", "20"));
        String origin = option(args, "--bench.origin=", "https://shop.example");
        List<String> appArgs = new ArrayList<>(List.of("--parley.db.port=0", "--parley.demo.enabled=false",
                "--server.address=127.0.0.1", "--spring.main.banner-mode=off"));
        appArgs.addAll(Arrays.stream(args).filter(a -> !a.startsWith("--bench.")).toList()); // later wins
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ParleyApplication.class)
                .web(WebApplicationType.SERVLET).run(appArgs.toArray(String[]::new));
        try {
            List<String> keys = seed(context, bots, origin);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            System.out.println("BENCH-READY " + port + " " + String.join(",", keys));
            System.out.flush();
        } catch (Throwable t) {
            t.printStackTrace();
            context.close();
            System.exit(1);
        }
    }

    /** One workspace per bot, like separate customers; returns the bots' public keys. */
    private static List<String> seed(ConfigurableApplicationContext context, int count, String origin) {
        AccountService accounts = context.getBean(AccountService.class);
        BotService botService = context.getBean(BotService.class);
        KnowledgeService knowledge = context.getBean(KnowledgeService.class);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ParleyPrincipal owner = accounts.signUp(new SignUpRequest("Bench Owner " + i, "bench-" + i + "@example.com",
                    "bench-password-" + i + "-long-enough", "Bench Shop " + i));
            var security = SecurityContextHolder.createEmptyContext();
            security.setAuthentication(accounts.authenticationFor(owner));
            SecurityContextHolder.setContext(security);
            try {
                BotSettings defaults = BotSettings.defaults("Bench Bot " + i);
                Bot bot = botService.create(new BotSettings(defaults.name(), defaults.persona(), defaults.welcomeMessage(),
                        List.of("How are answers streamed?"), defaults.color(), defaults.position(), "en", List.of(origin), defaults.theme()));
                KnowledgeDocument doc = knowledge.addText(bot.id(), "Streaming answers", DOCUMENT);
                KnowledgeDocument done = AwaitDocument.finished(knowledge, doc.id(), Duration.ofMinutes(5));
                if (done.status() != DocumentStatus.READY) throw new IllegalStateException("bench document " + done.status());
                keys.add(bot.publicKey());
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
        return keys;
    }

    private static String option(String[] args, String prefix, String fallback) {
        return Arrays.stream(args).filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length()))
                .reduce((a, b) -> b).orElse(fallback);
    }
}
