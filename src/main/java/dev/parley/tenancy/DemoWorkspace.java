package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On first start, a demo workspace with an owner and a bot, so a newcomer can sign in at once.
 * The owner's password is random, kept in the data directory and printed at every start.
 */
@Component
class DemoWorkspace {

    private static final Logger log = LoggerFactory.getLogger(DemoWorkspace.class);

    private final DemoProperties demo;
    private final AccountService accounts;
    private final BotService bots;
    private final MemberDirectory directory;
    private final PasswordEncoder encoder;
    private final TenancyProperties tenancy;
    private final Environment environment;
    private final ApplicationEventPublisher events;

    DemoWorkspace(DemoProperties demo, AccountService accounts, BotService bots, MemberDirectory directory,
                  PasswordEncoder encoder, TenancyProperties tenancy, Environment environment,
                  ApplicationEventPublisher events) {
        this.demo = demo;
        this.accounts = accounts;
        this.bots = bots;
        this.directory = directory;
        this.encoder = encoder;
        this.tenancy = tenancy;
        this.environment = environment;
        this.events = events;
    }

    private DemoSite site;

    @EventListener(ApplicationReadyEvent.class)
    void seedAndAnnounce() {
        String password = null;
        if (demo.enabled()) {
            Path secret = Path.of(environment.getProperty("parley.data-dir", "data")).resolve("demo-password.txt");
            password = readOrCreatePassword(secret);
            var login = directory.findLogin(demo.email());
            if (login.isEmpty()) seed(password);
            else startSite(login.get().userId());
        }
        announce(password);
    }

    @jakarta.annotation.PreDestroy
    void stopSite() {
        if (site != null) site.close();
    }

    /** The origin of the demo host page, allowed for the demo bot. */
    private String siteOrigin() {
        return "http://127.0.0.1:" + demo.hostPort();
    }

    /** The demo host page for the demo owner's bot; an install seeded before it existed gets its origin allowed. */
    private void startSite(UUID userId) {
        var owner = directory.principalFor(new dev.parley.shared.UserId(userId), null);
        if (owner.isEmpty()) return;
        Bot bot = TenantContext.callAs(owner.get().tenant(), owner.get().user(), () -> bots.list().stream().findFirst()
                .map(b -> b.settings().allowedOrigins().contains(siteOrigin()) || demo.hostPort() == 0 ? b
                        : bots.update(b.id(), withOrigin(b.settings(), siteOrigin())))
                .orElse(null));
        if (bot != null) startSite(bot);
    }

    private void startSite(Bot bot) {
        try {
            site = DemoSite.start(demo.hostPort(), tenancy.publicUrl(), bot.publicKey());
        } catch (java.io.IOException e) {
            log.warn("No demo site: cannot listen on 127.0.0.1:{} ({})", demo.hostPort(), e.getMessage());
        }
    }

    static BotSettings withOrigin(BotSettings s, String origin) {
        List<String> origins = new java.util.ArrayList<>(s.allowedOrigins());
        origins.add(origin);
        return new BotSettings(s.name(), s.persona(), s.welcomeMessage(), s.starterQuestions(), s.color(), s.position(),
                s.language(), List.copyOf(origins), s.theme());
    }

    private void seed(String password) {
        ParleyPrincipal owner = accounts.createTenantWithOwner("Acme Demo", "Demo Owner", demo.email(),
                encoder.encode(password), "demo seed");
        Bot bot = TenantContext.callAs(owner.tenant(), owner.user(), () -> bots.create(new BotSettings("Parley Helper",
                "You are Parley's own helper. Answer questions about installing, configuring and running Parley.",
                "Hi! I know Parley's documentation. What would you like to know?",
                List.of("How do I embed the widget?", "Which files can I upload?", "How is tenant data isolated?"),
                "#4f46e5", BotSettings.Position.RIGHT, "en", demo.hostPort() > 0 ? List.of("http://localhost:8080", "http://127.0.0.1:8080", siteOrigin())
                        : List.of("http://localhost:8080", "http://127.0.0.1:8080"), BotSettings.Theme.AUTO)));
        log.info("Seeded the demo workspace 'Acme Demo' with the bot 'Parley Helper'");
        events.publishEvent(new DemoWorkspaceSeeded(owner.tenant(), bot.id())); // knowledge adds Parley's own docs
        startSite(bot);
    }

    private void announce(String password) {
        String url = tenancy.publicUrl();
        StringBuilder banner = new StringBuilder("\n\n  Parley is ready\n  Console:  ").append(url).append('\n');
        if (password != null) {
            banner.append("  Sign in:  ").append(demo.email()).append(" / ").append(password).append('\n');
        } else {
            banner.append("  Sign up:  ").append(url).append("/signup\n");
        }
        if (site != null) banner.append("  Demo site: ").append(site.url()).append('\n');
        banner.append("  Health:   ").append(url).append("/actuator/health\n");
        log.info(banner.toString());
    }

    private static String readOrCreatePassword(Path file) {
        try {
            if (Files.exists(file)) return Files.readString(file).strip();
            byte[] bytes = new byte[12];
            new SecureRandom().nextBytes(bytes);
            String password = "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(file.getParent());
            Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the demo password in " + file, e);
        }
    }
}
