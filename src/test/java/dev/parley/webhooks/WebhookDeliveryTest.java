package dev.parley.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.chat.AnswerMode;
import dev.parley.chat.ConversationStarted;
import dev.parley.chat.FeedbackGiven;
import dev.parley.chat.MessageAnswered;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.AuditEntries;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.TeamService;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** Webhooks end to end against a receiver on loopback (backoff and timeouts shortened in IntegrationTest). */
class WebhookDeliveryTest extends IntegrationTest {

    static final List<WebhookFailing> FAILING = new CopyOnWriteArrayList<>();
    static volatile boolean listening;

    @Autowired TestWorkspaces workspaces;
    @Autowired WebhookService webhooks;
    @Autowired AuditEntries audit;
    @Autowired TeamService team;
    @Autowired ApplicationEventPublisher publisher;
    @Autowired TransactionTemplate tx;
    @Autowired ConfigurableApplicationContext context;
    @Autowired MockMvc mvc;

    WebhookReceiver receiver;
    ParleyPrincipal owner;

    @BeforeEach
    void setUp() throws Exception {
        if (!listening) {
            listening = true;
            context.addApplicationListener(event -> {
                if (event instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof WebhookFailing f) FAILING.add(f);
            });
        }
        receiver = new WebhookReceiver();
        owner = workspaces.newOwner();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        SecurityContextHolder.clearContext();
    }

    @Test
    void aTestEventArrivesSignedWithTheSecretShownOnce() {
        Webhooks.CreatedEndpoint created = webhooks.create(input(receiver.url("/ok"), WebhookEvent.CONVERSATION_CREATED));
        assertThat(created.secret()).startsWith("whsec_").hasSizeGreaterThan(40);

        UUID delivery = webhooks.sendTest(created.endpoint().id());

        WebhookReceiver.Received got = await(() -> receiver.at("/ok").stream().findFirst().orElse(null), Duration.ofSeconds(10));
        String header = got.header("Parley-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = header.substring(2, header.indexOf(','));
        // Recompute as a receiver would: HMAC-SHA256(secret, "<t>.<raw body>").
        String expected = hmacSha256(created.secret(), t + "." + got.body());
        assertThat(header).endsWith("v1=" + expected);
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t))).isLessThan(60);
        assertThat(hmacSha256("whsec_wrong", t + "." + got.body())).isNotEqualTo(expected);
        assertThat(got.header("Parley-Event")).isEqualTo("webhook.test");
        assertThat(got.header("Parley-Delivery")).isEqualTo(delivery.toString());
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.body()).contains("\"type\":\"webhook.test\"").contains("\"tenant_id\":\"" + owner.tenant().value() + "\"");

        Webhooks.Delivery logged = await(() -> onlyDelivery(created.endpoint().id(), "DELIVERED"), Duration.ofSeconds(10));
        assertThat(logged.attempts()).isEqualTo(1);
        assertThat(logged.lastStatusCode()).isEqualTo(204);
        List<Webhooks.Attempt> attempts = webhooks.attempts(delivery);
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("OK");
            assertThat(a.statusCode()).isEqualTo(204);
            assertThat(a.durationMs()).isBetween(0, 5000);
        });
    }

    @Test
    void eventsBecomeDeliveriesOnlyWhenTheirTransactionCommitsAndOnlyForSubscribers() {
        UUID endpoint = webhooks.create(input(receiver.url("/ok"), WebhookEvent.CONVERSATION_CREATED, WebhookEvent.MESSAGE_UNANSWERED))
                .endpoint().id();
        UUID tenant = owner.tenant().value();
        UUID committed = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        inTenantTransaction(() -> publisher.publishEvent(new ConversationStarted(tenant, UUID.randomUUID(), committed, "visitor-1")), false);
        inTenantTransaction(() -> publisher.publishEvent(new ConversationStarted(tenant, UUID.randomUUID(), rolledBack, "visitor-2")), true);
        // Published outside any transaction (as chat does after storing an answer).
        UUID question = UUID.randomUUID();
        publisher.publishEvent(new MessageAnswered(tenant, UUID.randomUUID(), committed, question, UUID.randomUUID(), AnswerMode.UNANSWERED, true));
        publisher.publishEvent(new MessageAnswered(tenant, UUID.randomUUID(), committed, UUID.randomUUID(), UUID.randomUUID(), AnswerMode.LLM, true));
        publisher.publishEvent(new FeedbackGiven(tenant, UUID.randomUUID(), committed, UUID.randomUUID(), -1, "Not helpful")); // not subscribed

        await(() -> receiver.at("/ok").size() >= 2 ? true : null, Duration.ofSeconds(10));
        pause(Duration.ofMillis(800)); // anything else would have arrived by now
        List<String> bodies = receiver.at("/ok").stream().map(WebhookReceiver.Received::body).toList();
        assertThat(bodies).hasSize(2);
        assertThat(bodies).anySatisfy(b -> assertThat(b).contains("\"type\":\"conversation.created\"")
                .contains("\"conversation_id\":\"" + committed + "\"").contains("\"visitor_id\":\"visitor-1\""));
        assertThat(bodies).anySatisfy(b -> assertThat(b).contains("\"type\":\"message.unanswered\"")
                .contains("\"question_id\":\"" + question + "\""));
        assertThat(String.join("", bodies)).doesNotContain(rolledBack.toString()).doesNotContain("feedback.negative");
        assertThat(webhooks.countDeliveries(endpoint)).isEqualTo(2);
    }

    @Test
    void aReceiverAnswering500IsRetriedWithGrowingPausesThenTheEndpointIsReportedFailing() {
        UUID endpoint = webhooks.create(input(receiver.url("/fail"), WebhookEvent.DOCUMENT_READY)).endpoint().id();

        UUID delivery = webhooks.sendTest(endpoint);

        Webhooks.Delivery failed = await(() -> onlyDelivery(endpoint, "FAILED"), Duration.ofSeconds(30));
        assertThat(failed.attempts()).isEqualTo(5);
        assertThat(failed.lastStatusCode()).isEqualTo(500);
        List<Webhooks.Attempt> attempts = webhooks.attempts(delivery);
        assertThat(attempts).extracting(Webhooks.Attempt::attempt).containsExactly(1, 2, 3, 4, 5);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(500);
            assertThat(a.outcome()).isEqualTo("HTTP_ERROR");
        });
        assertThat(receiver.at("/fail")).hasSize(5);
        // Backoff 300 ms doubling: each pause at least its planned length, and growing.
        long[] planned = {300, 600, 1200, 2400};
        for (int i = 0; i < 4; i++) {
            long gap = Duration.between(attempts.get(i).startedAt(), attempts.get(i + 1).startedAt()).toMillis();
            assertThat(gap).as("pause after attempt %d", i + 1).isGreaterThanOrEqualTo(planned[i] - 50);
        }
        Webhooks.Endpoint state = webhooks.endpoints().getFirst();
        assertThat(state.failingSince()).isNotNull();
        assertThat(state.enabled()).isTrue();
        assertThat(await(() -> FAILING.stream().filter(f -> f.endpointId().equals(endpoint)).findFirst().orElse(null), Duration.ofSeconds(5)))
                .satisfies(f -> {
                    assertThat(f.tenantId()).isEqualTo(owner.tenant().value());
                    assertThat(f.disabled()).isFalse();
                    assertThat(f.reason()).contains("500");
                });
    }

    @Test
    void aReceiverThatNeverAnswersHoldsUpNeitherOtherDeliveriesNorTheApp() throws Exception {
        UUID hanging = webhooks.create(input(receiver.url("/hang"), WebhookEvent.DOCUMENT_READY)).endpoint().id();
        UUID healthy = webhooks.create(input(receiver.url("/ok"), WebhookEvent.DOCUMENT_READY)).endpoint().id();

        webhooks.sendTest(hanging);
        await(() -> receiver.at("/hang").isEmpty() ? null : true, Duration.ofSeconds(10));
        Instant sent = Instant.now();
        webhooks.sendTest(healthy);
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        workspaces.signIn(owner); // MockMvc's security filter leaves this thread signed out

        await(() -> onlyDelivery(healthy, "DELIVERED"), Duration.ofSeconds(10));
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofMillis(1500)); // before the hanging one times out
        Webhooks.Attempt timedOut = await(() -> webhooks.attempts(onlyDelivery(hanging, null).id()).stream().findFirst().orElse(null),
                Duration.ofSeconds(10));
        assertThat(timedOut.outcome()).isEqualTo("TIMED_OUT");
        assertThat(timedOut.detail()).contains("1500 ms");
        assertThat(timedOut.durationMs()).isBetween(1400, 5000);
        assertThat(onlyDelivery(hanging, null).status()).isEqualTo("PENDING"); // retried later
        webhooks.delete(hanging); // its pending retries end with it
    }

    @Test
    void aReceiverAnswering410SwitchesTheEndpointOffAndItIsAudited() {
        UUID endpoint = webhooks.create(input(receiver.url("/gone"), WebhookEvent.DOCUMENT_FAILED)).endpoint().id();

        webhooks.sendTest(endpoint);

        Webhooks.Delivery failed = await(() -> onlyDelivery(endpoint, "FAILED"), Duration.ofSeconds(10));
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastStatusCode()).isEqualTo(410);
        Webhooks.Endpoint state = await(() -> webhooks.endpoints().stream().filter(e -> !e.enabled()).findFirst().orElse(null),
                Duration.ofSeconds(5));
        assertThat(state.disabledReason()).contains("410");
        assertThat(await(() -> FAILING.stream().filter(f -> f.endpointId().equals(endpoint)).findFirst().orElse(null), Duration.ofSeconds(5))
                .disabled()).isTrue();
        assertThat(audit.page(new AuditEntries.Filter(null, "webhook.disabled", null, null), 0, 10))
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("system"));
        // A real event no longer goes to a switched-off endpoint.
        publisher.publishEvent(new dev.parley.knowledge.DocumentFailed(owner.tenant().value(), UUID.randomUUID(), "broken"));
        pause(Duration.ofMillis(600));
        assertThat(receiver.at("/gone")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080/hooks | Parley itself",
            "http://localhost:8080/hooks | Parley itself",
            "file:///etc/passwd | file: is not allowed",
            "ftp://example.com/feed | ftp: is not allowed",
            "javascript:alert(1) | javascript: is not allowed",
            "http://169.254.169.254/latest/meta-data/ | cloud metadata",
            "http://[fe80::1]/hook | cloud metadata",
            "https://user:pass@example.com/hook | passwords"})
    void hostileAddressesAreRefusedOnTheUrlFieldAndNothingIsStored(String url, String message) {
        webhooks.create(input(receiver.url("/ok"), WebhookEvent.DOCUMENT_READY)); // an existing endpoint stays as it is

        assertThatThrownBy(() -> webhooks.create(input(url, WebhookEvent.DOCUMENT_READY)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("url").hasEntrySatisfying("url", m -> assertThat(m).contains(message)));
        UUID existing = webhooks.endpoints().getFirst().id();
        assertThatThrownBy(() -> webhooks.update(existing, input(url, WebhookEvent.DOCUMENT_READY)))
                .isInstanceOf(InvalidInputException.class);

        assertThat(webhooks.endpoints()).singleElement().satisfies(e -> assertThat(e.url()).isEqualTo(receiver.url("/ok")));
        assertThat(audit.page(new AuditEntries.Filter(null, "webhook.created", null, null), 0, 10)).hasSize(1);
        assertThat(audit.page(new AuditEntries.Filter(null, "webhook.updated", null, null), 0, 10)).isEmpty();
    }

    @Test
    void noEventsAndAnOverlongDescriptionAreRefusedOnTheirFields() {
        assertThatThrownBy(() -> webhooks.create(new Webhooks.EndpointInput(receiver.url("/ok"), "x".repeat(201), Set.of(), true)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("events", "description"));
        assertThatThrownBy(() -> webhooks.create(new Webhooks.EndpointInput(receiver.url("/ok"), "", Set.of(WebhookEvent.TEST), true)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys("events"));
        assertThat(webhooks.endpoints()).isEmpty();
    }

    @Test
    void anotherTenantNeitherSeesNorChangesEndpointsOrDeliveries() {
        UUID endpoint = webhooks.create(input(receiver.url("/ok"), WebhookEvent.DOCUMENT_READY)).endpoint().id();
        UUID delivery = webhooks.sendTest(endpoint);
        await(() -> onlyDelivery(endpoint, "DELIVERED"), Duration.ofSeconds(10));

        workspaces.newOwner(); // signs the other owner in
        assertThat(webhooks.endpoints()).isEmpty();
        assertThat(webhooks.deliveries(endpoint, 0, 50)).isEmpty();
        assertThat(webhooks.countDeliveries(endpoint)).isZero();
        assertThat(webhooks.attempts(delivery)).isEmpty();
        assertThatThrownBy(() -> webhooks.update(endpoint, input(receiver.url("/stolen"), WebhookEvent.DOCUMENT_READY)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> webhooks.sendTest(endpoint)).isInstanceOf(InvalidInputException.class);
        webhooks.delete(endpoint);

        workspaces.signIn(owner);
        assertThat(webhooks.endpoints()).singleElement().satisfies(e -> assertThat(e.url()).isEqualTo(receiver.url("/ok")));
        assertThat(webhooks.countDeliveries(endpoint)).isEqualTo(1);
    }

    @Test
    void supportAndEditorCannotManageWebhooks() {
        webhooks.create(input(receiver.url("/ok"), WebhookEvent.DOCUMENT_READY));
        for (Role role : List.of(Role.SUPPORT, Role.EDITOR)) {
            String email = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            workspaces.signIn(owner);
            var link = team.invite(email, role);
            workspaces.signIn(team.accept(link.token(), "Member", "correct-horse-42"));
            assertThatThrownBy(() -> webhooks.endpoints()).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> webhooks.create(input(receiver.url("/ok"), WebhookEvent.DOCUMENT_READY)))
                    .isInstanceOf(AccessDeniedException.class);
        }
        workspaces.signIn(owner);
        assertThat(webhooks.endpoints()).hasSize(1);
    }

    // --- helpers

    static Webhooks.EndpointInput input(String url, WebhookEvent... events) {
        return new Webhooks.EndpointInput(url, "", EnumSet.copyOf(List.of(events)), true);
    }

    /** The endpoint's only delivery once it has the status (any status when null), else null. */
    Webhooks.Delivery onlyDelivery(UUID endpoint, String status) {
        List<Webhooks.Delivery> all = webhooks.deliveries(endpoint, 0, 10);
        if (all.size() != 1) return null;
        return status == null || all.getFirst().status().equals(status) ? all.getFirst() : null;
    }

    void inTenantTransaction(Runnable work, boolean rollback) {
        TenantContext.runAs(owner.tenant(), owner.user(), () -> tx.executeWithoutResult(s -> {
            work.run();
            if (rollback) s.setRollbackOnly();
        }));
    }

    static String hmacSha256(String secret, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Supplier<T> probe, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            T value = probe.get();
            if (value != null) return value;
            if (Instant.now().isAfter(deadline)) throw new AssertionError("Not reached within " + limit);
            pause(Duration.ofMillis(50));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
