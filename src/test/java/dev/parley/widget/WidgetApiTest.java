package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.TestWorkspaces;
import dev.parley.chat.ChatClient;
import dev.parley.WebIntegrationTest;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;

/** The widget's public API over real HTTP, as the restricted app role: origins, sessions, tokens, keys, limits. */
class WidgetApiTest extends WebIntegrationTest {

    static final String SITE = "https://site.example";

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired WidgetKeys keys;
    @Autowired WidgetTokens tokens;
    @Autowired WidgetRateLimits limits;
    @Autowired ApplicationContext context;

    Bot bot;
    WidgetHttp http;

    @BeforeEach
    void aBotForOneSiteAndItsSubdomains() {
        workspaces.newOwner();
        bot = bots.create(settings("Site helper", List.of(SITE, "https://*.shop.example")));
        http = new WidgetHttp(baseUrl());
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    static BotSettings settings(String name, List<String> origins) {
        BotSettings d = BotSettings.defaults(name);
        return new BotSettings(name, d.persona(), "Welcome to the site!", List.of("What do you sell?"), "#0a7f3f",
                BotSettings.Position.LEFT, "de", origins, BotSettings.Theme.AUTO);
    }

    @Test
    void configIsPublicOnlyForAllowedOriginsWithCorsForExactlyThatOrigin() {
        HttpResponse<String> loader = http.get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of("Origin", SITE));
        assertThat(loader.statusCode()).isEqualTo(200);
        assertThat(loader.headers().firstValue("Access-Control-Allow-Origin")).contains(SITE);
        assertThat(loader.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        JsonNode config = WidgetHttp.JSON.readTree(loader.body());
        assertThat(config.get("botId").asString()).isEqualTo(bot.id().toString());
        assertThat(config.get("name").asString()).isEqualTo("Site helper");
        assertThat(config.get("color").asString()).isEqualTo("#0a7f3f");
        assertThat(config.get("welcomeMessage").asString()).isEqualTo("Welcome to the site!");
        assertThat(config.get("starterQuestions").get(0).asString()).isEqualTo("What do you sell?");
        assertThat(config.get("language").asString()).isEqualTo("de");
        assertThat(config.get("position").asString()).isEqualTo("left");
        Set<String> fields = new HashSet<>(config.propertyNames());
        assertThat(fields).containsExactlyInAnyOrder("botId", "name", "color", "welcomeMessage", "starterQuestions", "language", "position",
                "theme", "avatarUrl");
        assertThat(config.get("theme").asString()).isEqualTo("auto");
        assertThat(config.get("avatarUrl").isNull()).as("no avatar: the initial").isTrue();

        assertThat(http.get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of("Origin", "https://a.b.shop.example")).statusCode())
                .isEqualTo(200);
        assertThat(http.get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of("Referer", SITE + "/pricing?x=1")).statusCode())
                .isEqualTo(200);
        // From the chat frame (Parley's own origin): the host page comes from ?host=.
        HttpResponse<String> frame = http.get("/api/v1/widget/config?bot=" + bot.publicKey() + "&host=" + SITE, Map.of("Referer", baseUrl() + "/widget/frame"));
        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(frame.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void unknownDisabledAndNotAllowedGetTheSameNotFound() {
        Bot off = bots.create(settings("Off", List.of(SITE)));
        OwnerDatabase.jdbc(context).sql("UPDATE bots SET enabled = false WHERE id = ?").param(off.id()).update();

        List<HttpResponse<String>> refused = List.of(
                http.get("/api/v1/widget/config?bot=pk_unknownunknownunknown00", Map.of("Origin", SITE)),
                http.get("/api/v1/widget/config?bot=" + off.publicKey(), Map.of("Origin", SITE)),
                http.get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of("Origin", "https://evil.example")),
                http.get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of("Origin", "https://shop.example")),
                http.get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of("Origin", "http://site.example")),
                http.get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of()),
                http.get("/api/v1/widget/config?bot=" + bot.publicKey() + "&host=https://evil.example", Map.of("Origin", baseUrl())));
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo(refused.getFirst().body());
            assertThat(withoutDate(response)).isEqualTo(withoutDate(refused.getFirst()));
        }
        assertThat(refused.getFirst().body()).doesNotContain(bot.id().toString());
    }

    @Test
    void aSessionNeedsAnAllowedHostAndTheFramesOwnOrigin() {
        var body = Map.of("bot", bot.publicKey(), "host", SITE);
        assertThat(http.post("/api/v1/widget/sessions", body, Map.of("Origin", baseUrl())).statusCode()).isEqualTo(201);
        assertThat(http.post("/api/v1/widget/sessions", body, Map.of("Referer", baseUrl() + "/widget/frame?bot=x")).statusCode()).isEqualTo(201);
        assertThat(http.post("/api/v1/widget/sessions", body, Map.of("Origin", SITE)).statusCode()).isEqualTo(201);

        HttpResponse<String> first = http.post("/api/v1/widget/sessions", Map.of("bot", bot.publicKey(), "host", "https://evil.example"),
                Map.of("Origin", baseUrl()));
        List<HttpResponse<String>> refused = List.of(first,
                http.post("/api/v1/widget/sessions", body, Map.of("Origin", "https://evil.example")),
                http.post("/api/v1/widget/sessions", body, Map.of()),
                http.post("/api/v1/widget/sessions", Map.of("bot", bot.publicKey(), "host", "https://evil.example"), Map.of("Origin", "https://evil.example")),
                http.post("/api/v1/widget/sessions", Map.of("bot", "pk_unknownunknownunknown00", "host", SITE), Map.of("Origin", baseUrl())));
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo(first.body());
        }
    }

    @Test
    void aSessionTokenChatsEndToEndAndContinuesTheSameConversation() {
        JsonNode session = http.session(bot.publicKey(), SITE, Map.of());
        String token = session.get("token").asString();
        String conversation = session.get("conversationId").asString();
        assertThat(session.get("visitorId").asString()).startsWith("v_");
        assertThat(Instant.parse(session.get("expiresAt").asString())).isBetween(Instant.now().plusSeconds(7000), Instant.now().plusSeconds(7300));

        HttpResponse<List<String>> sent = http.sendMessage(token, conversation, "What do you sell?");
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(ChatClient.parse(sent.body())).extracting(ChatClient.Event::name).last().isEqualTo("done");
        HttpResponse<String> history = http.get("/api/v1/conversations/" + conversation + "/messages", Map.of("Authorization", "Bearer " + token));
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(WidgetHttp.JSON.readTree(history.body())).hasSize(2);
        // The stream slot is given back once the answer has streamed.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> limits.openStreams(bot.id()) == 0);

        JsonNode again = http.session(bot.publicKey(), SITE, Map.of("previousToken", token));
        assertThat(again.get("conversationId").asString()).isEqualTo(conversation);
        assertThat(again.get("visitorId")).isEqualTo(session.get("visitorId"));
        JsonNode fresh = http.session(bot.publicKey(), SITE, Map.of("token", token, "newConversation", true));
        assertThat(fresh.get("conversationId").asString()).isNotEqualTo(conversation);
        assertThat(fresh.get("visitorId")).isEqualTo(session.get("visitorId"));
    }

    @Test
    void aVisitorSeesAndWritesOnlyTheirOwnConversation() {
        JsonNode a = http.session(bot.publicKey(), SITE, Map.of());
        JsonNode b = http.session(bot.publicKey(), SITE, Map.of());
        String conversationOfA = a.get("conversationId").asString();
        String tokenOfB = b.get("token").asString();
        assertThat(http.get("/api/v1/conversations/" + conversationOfA + "/messages", Map.of("Authorization", "Bearer " + tokenOfB)).statusCode())
                .isEqualTo(404);
        assertThat(http.sendMessage(tokenOfB, conversationOfA, "Hello").statusCode()).isEqualTo(404);
        // Another bot of the same tenant is out of reach too.
        Bot other = bots.create(settings("Other", List.of(SITE)));
        assertThat(http.post("/api/v1/bots/" + other.id() + "/conversations", Map.of(), Map.of("Authorization", "Bearer " + tokenOfB)).statusCode())
                .isEqualTo(404);
        // A session token of bot A used for bot A starts a conversation of the token's visitor.
        HttpResponse<String> started = http.post("/api/v1/bots/" + bot.id() + "/conversations", Map.of("visitorId", "someone-else"),
                Map.of("Authorization", "Bearer " + tokenOfB));
        assertThat(started.statusCode()).isEqualTo(201);
        assertThat(WidgetHttp.JSON.readTree(started.body()).get("visitorId").asString()).isEqualTo(b.get("visitorId").asString());
    }

    @Test
    void forgedExpiredAndMisdirectedTokensAreRefused() throws Exception {
        JsonNode session = http.session(bot.publicKey(), SITE, Map.of());
        String conversation = session.get("conversationId").asString();
        ECKey key = keys.signingKey();
        Instant now = Instant.now();
        Consumer<JWTClaimsSet.Builder> valid = c -> { };
        assertThat(status(signed(key, claims(session, now, valid)), conversation)).isEqualTo(200);

        Map<String, String> tokensByCase = new java.util.LinkedHashMap<>();
        tokensByCase.put("expired", signed(key, claims(session, now, c -> c.issueTime(Date.from(now.minusSeconds(9000)))
                .notBeforeTime(Date.from(now.minusSeconds(9000))).expirationTime(Date.from(now.minusSeconds(600))))));
        tokensByCase.put("not yet valid", signed(key, claims(session, now, c -> c.notBeforeTime(Date.from(now.plusSeconds(600))))));
        tokensByCase.put("wrong audience", signed(key, claims(session, now, c -> c.audience("parley-admin"))));
        tokensByCase.put("wrong issuer", signed(key, claims(session, now, c -> c.issuer("https://evil.example"))));
        tokensByCase.put("no expiry", signed(key, claims(session, now, c -> c.expirationTime(null))));
        tokensByCase.put("no conversation", signed(key, claims(session, now, c -> c.claim("cid", null))));
        tokensByCase.put("alg none", new PlainJWT(claims(session, now, valid)).serialize());
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims(session, now, valid));
        hs.sign(new MACSigner(key.toPublicJWK().toECPublicKey().getEncoded()));
        tokensByCase.put("HS256 with the public key", hs.serialize());
        tokensByCase.put("HS256 with the public JWK text", hmacWithJwkText(key, claims(session, now, valid)));
        String good = session.get("token").asString();
        String[] parts = good.split("\\.");
        String otherVisitor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(session.get("visitorId").asString(), "v_attacker").getBytes());
        tokensByCase.put("tampered payload", parts[0] + "." + otherVisitor + "." + parts[2]);
        tokensByCase.put("unknown key", signed(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID(key.getKeyID()).generate(), claims(session, now, valid)));

        tokensByCase.forEach((name, token) -> assertThat(status(token, conversation)).as(name).isEqualTo(401));
        HttpResponse<String> refused = http.get("/api/v1/conversations/" + conversation + "/messages",
                Map.of("Authorization", "Bearer " + tokensByCase.get("expired")));
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(status(good, conversation)).isEqualTo(200);
    }

    @Test
    void aRotationKeepsOldTokensValidSignsWithTheNewKeyAndPublishesOnlyPublicParts() {
        JsonNode before = http.session(bot.publicKey(), SITE, Map.of());
        String oldToken = before.get("token").asString();
        String oldKid = kid(oldToken);

        keys.rotate();

        JsonNode after = http.session(bot.publicKey(), SITE, Map.of());
        String newToken = after.get("token").asString();
        assertThat(kid(newToken)).isNotEqualTo(oldKid);
        assertThat(status(oldToken, before.get("conversationId").asString())).isEqualTo(200);
        assertThat(status(newToken, after.get("conversationId").asString())).isEqualTo(200);
        assertThat(tokens.verify(oldToken).visitorId()).isEqualTo(before.get("visitorId").asString());

        HttpResponse<String> jwks = http.get("/.well-known/jwks.json", Map.of());
        assertThat(jwks.statusCode()).isEqualTo(200);
        JsonNode set = WidgetHttp.JSON.readTree(jwks.body());
        List<String> kids = set.get("keys").valueStream().map(k -> k.get("kid").asString()).toList();
        assertThat(kids).contains(oldKid, kid(newToken));
        for (JsonNode k : set.get("keys")) {
            assertThat(k.get("kty").asString()).isEqualTo("EC");
            assertThat(k.get("crv").asString()).isEqualTo("P-256");
            assertThat(k.has("d")).isFalse();
            assertThat(new HashSet<>(k.propertyNames())).isSubsetOf("kty", "crv", "x", "y", "kid", "use", "alg");
        }
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    @Test
    void aBurstFromOneVisitorIsLimitedWhileAVisitorOfAnotherTenantsBotStillGetsAnswers() {
        JsonNode abuser = http.session(bot.publicKey(), SITE, Map.of());
        workspaces.newOwner();
        Bot otherTenantsBot = bots.create(settings("Elsewhere", List.of("https://other.example")));
        JsonNode neighbour = http.session(otherTenantsBot.publicKey(), "https://other.example", Map.of());

        int limit = limits.settings().messagesPerVisitor();
        HttpResponse<List<String>> last = null;
        int refused = 0;
        for (int i = 0; i < limit + 3; i++) {
            // Empty messages are refused by the chat API (400) but still count against the limit.
            last = http.sendMessage(abuser.get("token").asString(), abuser.get("conversationId").asString(), " ");
            if (last.statusCode() == 429) refused++;
            else assertThat(last.statusCode()).isEqualTo(400);
        }
        assertThat(refused).isEqualTo(3);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(last.headers().firstValue("X-RateLimit-Limit")).contains(String.valueOf(limit));
        assertThat(last.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(String.join("\n", last.body())).contains("Too many requests");

        HttpResponse<List<String>> answered = http.sendMessage(neighbour.get("token").asString(), neighbour.get("conversationId").asString(),
                "Hello?");
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.headers().firstValue("X-RateLimit-Limit")).isPresent();
        assertThat(ChatClient.parse(answered.body())).extracting(ChatClient.Event::name).last().isEqualTo("done");
    }

    @Test
    void aKeyRotatedOnAnotherNodeIsAcceptedHereWithoutARestart(@Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc,
            @Autowired org.springframework.transaction.support.TransactionTemplate transactions,
            @Autowired dev.parley.platform.SecretBox secrets, @Autowired WidgetProperties properties,
            @Autowired dev.parley.tenancy.TenancyProperties tenancy) {
        JsonNode session = http.session(bot.publicKey(), SITE, Map.of());
        String oldToken = session.get("token").asString();
        WidgetKeys otherNodesKeys = new WidgetKeys(jdbc, transactions, secrets, properties);
        WidgetTokens otherNode = new WidgetTokens(otherNodesKeys, properties, tenancy);

        otherNodesKeys.rotate();
        WidgetTokens.Session claims = tokens.verify(oldToken);
        String newToken = otherNode.issue(claims.tenant(), claims.botId(), claims.visitorId(), claims.conversationId()).token();
        assertThat(kid(newToken)).isNotEqualTo(kid(oldToken));

        String conversation = session.get("conversationId").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> status(newToken, conversation) == 200);
        assertThat(status(oldToken, conversation)).isEqualTo(200);
        assertThat(otherNode.verify(oldToken).visitorId()).isEqualTo(claims.visitorId());
    }

    @Test
    void aBotStreamingItsMaximumRefusesAnotherAnswerUntilASlotIsFree() {
        JsonNode session = http.session(bot.publicKey(), SITE, Map.of());
        int cap = limits.settings().streamsPerBot();
        for (int i = 0; i < cap; i++) assertThat(limits.openStream(bot.id())).isTrue();
        try {
            HttpResponse<List<String>> busy = http.sendMessage(session.get("token").asString(), session.get("conversationId").asString(), "Hi");
            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).contains("2");
            assertThat(limits.openStreams(bot.id())).isEqualTo(cap);
        } finally {
            for (int i = 0; i < cap; i++) limits.closeStream(bot.id());
        }
        HttpResponse<List<String>> answered = http.sendMessage(session.get("token").asString(), session.get("conversationId").asString(), "Hi");
        assertThat(answered.statusCode()).isEqualTo(200);
    }

    @Test
    void anIdentifiedVisitorTakesTheirConversationAlongAndContinuesItOnAnotherDevice() throws Exception {
        String secret = bots.regenerateIdentitySecret(bot.id());
        assertThat(secret).startsWith("pvs_");
        // Device A: chats anonymously, then signs in on the site: the conversation goes on as theirs.
        JsonNode anonymous = http.session(bot.publicKey(), SITE, Map.of());
        String conversation = anonymous.get("conversationId").asString();
        assertThat(http.sendMessage(anonymous.get("token").asString(), conversation, "What do you sell?").statusCode()).isEqualTo(200);
        JsonNode a = http.session(bot.publicKey(), SITE, Map.of("previousToken", anonymous.get("token").asString(),
                "identityToken", identityToken(secret, c -> c.subject("user-42").claim("name", "Ada Lovelace").claim("email", "ada@site.example"))));
        assertThat(a.get("visitorId").asString()).startsWith("u_").isNotEqualTo(anonymous.get("visitorId").asString());
        assertThat(a.get("conversationId").asString()).isEqualTo(conversation);

        // Device B: nothing stored, the same person signed in: the same visitor and conversation, with its history.
        JsonNode b = http.session(bot.publicKey(), SITE, Map.of("identityToken", identityToken(secret, c -> c.subject("user-42"))));
        assertThat(b.get("visitorId").asString()).isEqualTo(a.get("visitorId").asString());
        assertThat(b.get("conversationId").asString()).isEqualTo(conversation);
        HttpResponse<String> history = http.get("/api/v1/conversations/" + conversation + "/messages",
                Map.of("Authorization", "Bearer " + b.get("token").asString()));
        assertThat(WidgetHttp.JSON.readTree(history.body())).hasSize(2);
        // The anonymous token no longer reaches it: the conversation is the signed-in visitor's now.
        assertThat(status(anonymous.get("token").asString(), conversation)).isEqualTo(404);
        assertThat(OwnerDatabase.jdbc(context).sql("SELECT visitor_name || ' <' || visitor_email || '>' FROM conversations WHERE id = ?::uuid")
                .param(conversation).query(String.class).single()).isEqualTo("Ada Lovelace <ada@site.example>");

        // Someone else signed in on the same device gets their own conversation, not this one.
        JsonNode other = http.session(bot.publicKey(), SITE, Map.of("previousToken", b.get("token").asString(),
                "identityToken", identityToken(secret, c -> c.subject("user-7"))));
        assertThat(other.get("visitorId").asString()).isNotEqualTo(b.get("visitorId").asString());
        assertThat(other.get("conversationId").asString()).isNotEqualTo(conversation);
    }

    @Test
    void forgedExpiredUnsignedAndOtherBotsIdentityTokensGetA401AndTheAnonymousSessionGoesOn() throws Exception {
        String secret = bots.regenerateIdentitySecret(bot.id());
        Bot other = bots.create(settings("Other", List.of(SITE)));
        String otherSecret = bots.regenerateIdentitySecret(other.id());
        JsonNode anonymous = http.session(bot.publicKey(), SITE, Map.of());
        String token = anonymous.get("token").asString(), conversation = anonymous.get("conversationId").asString();
        Instant now = Instant.now();

        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("forged", identityToken("pvs_" + "x".repeat(43), c -> c.subject("user-42")));
        refused.put("another bot's secret", identityToken(otherSecret, c -> c.subject("user-42")));
        refused.put("expired", identityToken(secret, c -> c.subject("user-42").issueTime(Date.from(now.minusSeconds(4000)))
                .expirationTime(Date.from(now.minusSeconds(600)))));
        refused.put("no expiry", identityToken(secret, c -> c.subject("user-42").expirationTime(null)));
        refused.put("valid for 25 hours", identityToken(secret, c -> c.subject("user-42").expirationTime(Date.from(now.plusSeconds(25 * 3600)))));
        refused.put("no subject", identityToken(secret, c -> c.subject(null)));
        refused.put("not an e-mail", identityToken(secret, c -> c.subject("user-42").claim("email", "nobody")));
        refused.put("alg none", new PlainJWT(new JWTClaimsSet.Builder().subject("user-42").expirationTime(Date.from(now.plusSeconds(600))).build()).serialize());
        SignedJWT es = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), new JWTClaimsSet.Builder().subject("user-42")
                .expirationTime(Date.from(now.plusSeconds(600))).build());
        es.sign(new ECDSASigner(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate()));
        refused.put("ES256 instead of HS256", es.serialize());
        refused.put("not a JWT", "abc.def.ghi");
        int conversations = conversationsOf(bot);

        refused.forEach((name, identity) -> {
            HttpResponse<String> response = http.post("/api/v1/widget/sessions",
                    Map.of("bot", bot.publicKey(), "host", SITE, "previousToken", token, "identityToken", identity), Map.of("Origin", baseUrl()));
            assertThat(response.statusCode()).as(name).isEqualTo(401);
            assertThat(WidgetHttp.JSON.readTree(response.body()).get("error").asString()).as(name).startsWith("The identity token is not valid: ");
        });
        assertThat(refused.keySet()).hasSize(10);
        assertThat(conversationsOf(bot)).as("no conversation started or moved").isEqualTo(conversations);
        assertThat(status(token, conversation)).as("the anonymous session goes on").isEqualTo(200);
        assertThat(http.sendMessage(token, conversation, "Still there?").statusCode()).isEqualTo(200);

        HttpResponse<String> noSecret = http.post("/api/v1/widget/sessions", Map.of("bot", bots.create(settings("Plain", List.of(SITE))).publicKey(),
                "host", SITE, "identityToken", identityToken(secret, c -> c.subject("user-42"))), Map.of("Origin", baseUrl()));
        assertThat(noSecret.statusCode()).isEqualTo(401);
        assertThat(noSecret.body()).contains("takes no identified visitors");

        // A new secret makes tokens signed with the old one fail at once.
        String fresh = bots.regenerateIdentitySecret(bot.id());
        assertThat(fresh).isNotEqualTo(secret);
        assertThat(http.post("/api/v1/widget/sessions", Map.of("bot", bot.publicKey(), "host", SITE,
                "identityToken", identityToken(secret, c -> c.subject("user-42"))), Map.of("Origin", baseUrl())).statusCode()).isEqualTo(401);
        assertThat(http.post("/api/v1/widget/sessions", Map.of("bot", bot.publicKey(), "host", SITE,
                "identityToken", identityToken(fresh, c -> c.subject("user-42"))), Map.of("Origin", baseUrl())).statusCode()).isEqualTo(201);
    }

    @Test
    void aBurstOfConfigRequestsFromOneAddressGets429WhileAnotherBotAndAnotherAddressStillGetConfig() {
        Bot neighbour = bots.create(settings("Neighbour", List.of(SITE)));
        String path = "/api/v1/widget/config?bot=" + bot.publicKey();
        int limit = limits.settings().configPerIpAndBot();
        HttpResponse<String> first = http.get(path, Map.of("Origin", SITE));
        assertThat(first.headers().firstValue("X-RateLimit-Limit")).contains(String.valueOf(limit));
        HttpResponse<String> last = first;
        int ok = 1;
        for (int i = 0; i < 2 * limit && last.statusCode() != 429; i++) {
            last = http.get(path, Map.of("Origin", SITE));
            if (last.statusCode() == 200) ok++;
        }
        assertThat(last.statusCode()).isEqualTo(429);
        // the bucket refills greedily (limit per minute) while the burst runs, so a few more get through
        assertThat(ok).isBetween(limit, limit + limit / 4);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(last.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(last.body()).contains("Too many requests");

        assertThat(http.get("/api/v1/widget/config?bot=" + neighbour.publicKey(), Map.of("Origin", SITE)).statusCode())
                .as("another bot from the same address").isEqualTo(200);
        // The same bot from another address (IPv6 loopback: another remote address to the server).
        HttpResponse<String> elsewhere = new WidgetHttp("http://[::1]:" + port).get(path, Map.of("Origin", SITE));
        assertThat(elsewhere.statusCode()).as("the same bot from another address").isEqualTo(200);
        assertThat(WidgetHttp.JSON.readTree(elsewhere.body()).get("name").asString()).isEqualTo("Site helper");
    }

    private int conversationsOf(Bot b) {
        return OwnerDatabase.jdbc(context).sql("SELECT count(*) FROM conversations WHERE bot_id = ?").param(b.id()).query(Integer.class).single();
    }

    /** A token as the site's server signs it: HS256 with the bot's identity secret, ten minutes. */
    static String identityToken(String secret, Consumer<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
        claims.accept(builder);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int status(String token, String conversation) {
        return http.get("/api/v1/conversations/" + conversation + "/messages", Map.of("Authorization", "Bearer " + token)).statusCode();
    }

    private JWTClaimsSet claims(JsonNode session, Instant now, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(tokens.issuer()).audience(WidgetProperties.AUDIENCE)
                .subject(session.get("visitorId").asString()).claim("bot", bot.id().toString())
                .claim("tenant", tokens.verify(session.get("token").asString()).tenant().value().toString())
                .claim("cid", session.get("conversationId").asString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
        change.accept(builder);
        return builder.build();
    }

    private static String signed(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hmacWithJwkText(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes()));
        return jwt.serialize();
    }

    private static String kid(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, List<String>> withoutDate(HttpResponse<?> response) {
        var headers = new java.util.TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }
}
