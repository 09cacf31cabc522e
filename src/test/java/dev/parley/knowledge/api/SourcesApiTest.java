package dev.parley.knowledge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.LocalCrawling;
import dev.parley.knowledge.web.TestSite;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/** Web sources over the admin API, crawling a local site on 127.0.0.1. */
class SourcesApiTest extends IntegrationTest {

    @Autowired MockMvc mvc;
    @Autowired TestWorkspaces workspaces;
    @Autowired ApiKeyService apiKeys;
    @Autowired ApplicationContext spring;

    record Tenant(UUID bot, String readWrite, String readOnly) {}

    TestSite site;

    @BeforeEach
    void startSite() {
        LocalCrawling.allow(spring);
        site = TestSite.start();
        site.page("/", page("Garden", "Our garden shop sells rakes, shovels and seeds all year round.", "/tools"))
                .page("/tools", page("Tools", "Every spade comes with a ten year guarantee against breaking."));
    }

    @AfterEach
    void stop() {
        LocalCrawling.reset(spring);
        site.close();
        SecurityContextHolder.clearContext();
    }

    @Test
    void siteIsCrawledIntoDocumentsResyncedAndDeleted() throws Exception {
        Tenant t = newTenant();
        String json = body(add(t.readWrite(), t.bot(), "{\"kind\":\"SITE\",\"url\":\"" + site.url("/") + "\",\"maxPages\":10,\"maxDepth\":1}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("SITE"))
                .andExpect(jsonPath("$.url").value(site.url("/")))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.createdAt").isNotEmpty()));
        String id = JsonPath.read(json, "$.id");

        String synced = awaitSynced(t.readOnly(), id);
        assertThat(JsonPath.<String>read(synced, "$.status")).isEqualTo("READY");
        assertThat(JsonPath.<Integer>read(synced, "$.pagesFound")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(synced, "$.pagesFailed")).isZero();
        assertThat(JsonPath.<String>read(synced, "$.lastSyncedAt")).isNotEmpty();
        call(get("/api/v1/bots/{bot}/sources", t.bot()), t.readOnly())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(Matchers.contains(id)));
        List<String> urls = awaitDocumentUrls(t, 2);
        assertThat(urls).containsExactlyInAnyOrder(site.url("/"), site.url("/tools"));

        call(post("/api/v1/sources/{id}/resync", id), t.readWrite())
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("QUEUED"));
        awaitSynced(t.readOnly(), id);

        call(delete("/api/v1/sources/{id}", id), t.readWrite()).andExpect(status().isNoContent());
        call(get("/api/v1/sources/{id}", id), t.readOnly()).andExpect(status().isNotFound());
        call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readOnly()).andExpect(jsonPath("$").isEmpty());
    }

    @Test
    void invalidInputIsRefusedWithItsFieldAndNothingIsCreated() throws Exception {
        LocalCrawling.reset(spring); // production policy: no private addresses
        Tenant t = newTenant();
        add(t.readWrite(), t.bot(), "{\"kind\":\"PAGE\",\"url\":\"javascript:alert(1)\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.url").value(Matchers.containsString("not javascript:")));
        add(t.readWrite(), t.bot(), "{\"kind\":\"SITEMAP\",\"url\":\"file:///etc/passwd\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Only http and https addresses can be added, not file:."));
        add(t.readWrite(), t.bot(), "{\"kind\":\"SITE\",\"url\":\"" + site.url("/") + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.url").value(Matchers.containsString("private, local or reserved network address")));
        add(t.readWrite(), t.bot(), "{\"kind\":\"SITE\",\"url\":\"https://example.com/\",\"maxPages\":0}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.maxPages").value("The page limit must be between 1 and 10000."));
        add(t.readWrite(), t.bot(), "{\"kind\":\"SITE\",\"url\":\"https://example.com/\",\"maxDepth\":11}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.maxDepth").value("The link depth must be between 0 and 10."));
        add(t.readWrite(), t.bot(), "{\"kind\":\"SITEMAP\",\"url\":\"https://example.com/s.xml\",\"resyncHours\":0}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.resyncHours").isNotEmpty());
        add(t.readWrite(), t.bot(), "{\"url\":\"https://example.com/\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.kind").value(Matchers.containsString("PAGE, SITE or SITEMAP")));
        add(t.readWrite(), t.bot(), "{\"kind\":\"FTP\",\"url\":\"https://example.com/\"}").andExpect(status().isBadRequest());
        call(get("/api/v1/bots/{bot}/sources", t.bot()), t.readOnly()).andExpect(jsonPath("$").isEmpty());
        assertThat(site.hits()).isEmpty();
    }

    @Test
    void anotherTenantsSourceIsNotFoundAndStaysUntouched() throws Exception {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        String id = JsonPath.read(body(add(owner.readWrite(), owner.bot(), "{\"kind\":\"PAGE\",\"url\":\"" + site.url("/") + "\"}")
                .andExpect(status().isCreated())), "$.id");
        String before = awaitSynced(owner.readOnly(), id);

        String missing = body(call(get("/api/v1/sources/{id}", UUID.randomUUID()), other.readWrite()).andExpect(status().isNotFound()));
        assertThat(missing).contains("No such source.");
        assertThat(body(call(get("/api/v1/sources/{id}", id), other.readWrite()).andExpect(status().isNotFound()))).isEqualTo(missing);
        assertThat(body(call(post("/api/v1/sources/{id}/resync", id), other.readWrite()).andExpect(status().isNotFound())))
                .isEqualTo(missing);
        assertThat(body(call(delete("/api/v1/sources/{id}", id), other.readWrite()).andExpect(status().isNotFound())))
                .isEqualTo(missing);
        assertThat(body(call(get("/api/v1/sources/not-a-uuid"), other.readWrite()).andExpect(status().isNotFound())))
                .isEqualTo(missing);
        call(get("/api/v1/bots/{bot}/sources", owner.bot()), other.readWrite()).andExpect(status().isNotFound());
        add(other.readWrite(), owner.bot(), "{\"kind\":\"PAGE\",\"url\":\"" + site.url("/tools") + "\"}").andExpect(status().isNotFound());

        assertThat(body(call(get("/api/v1/sources/{id}", id), owner.readOnly()).andExpect(status().isOk()))).isEqualTo(before);
        call(get("/api/v1/bots/{bot}/sources", owner.bot()), owner.readOnly()).andExpect(jsonPath("$.length()").value(1));
    }

    @Test
    void readOnlyKeyReadsButCannotAddResyncOrDelete() throws Exception {
        Tenant t = newTenant();
        String id = JsonPath.read(body(add(t.readWrite(), t.bot(), "{\"kind\":\"PAGE\",\"url\":\"" + site.url("/") + "\"}")
                .andExpect(status().isCreated())), "$.id");
        awaitSynced(t.readOnly(), id);

        add(t.readOnly(), t.bot(), "{\"kind\":\"PAGE\",\"url\":\"" + site.url("/tools") + "\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("This API key lacks the KNOWLEDGE_WRITE scope."));
        call(delete("/api/v1/sources/{id}", id), t.readOnly()).andExpect(status().isForbidden());
        call(post("/api/v1/sources/{id}/resync", id), t.readOnly()).andExpect(status().isForbidden());
        call(get("/api/v1/sources/{id}", id), t.readOnly()).andExpect(status().isOk());
        call(get("/api/v1/bots/{bot}/sources", t.bot()), t.readOnly()).andExpect(jsonPath("$.length()").value(1));
    }

    // --- helpers

    static String page(String title, String text, String... links) {
        StringBuilder nav = new StringBuilder();
        for (String link : links) nav.append("<a href=\"").append(link).append("\">").append(link).append("</a> ");
        return "<!doctype html><html><head><title>" + title + "</title></head><body><main><h1>" + title + "</h1><p>" + text
                + "</p><p>" + nav + "</p></main></body></html>";
    }

    Tenant newTenant() {
        workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var readWrite = apiKeys.create("automation", EnumSet.of(ApiScope.KNOWLEDGE_READ, ApiScope.KNOWLEDGE_WRITE));
        var readOnly = apiKeys.create("reporting", Set.of(ApiScope.KNOWLEDGE_READ));
        SecurityContextHolder.clearContext(); // from here on only the keys speak
        return new Tenant(bot, readWrite.secretKey(), readOnly.secretKey());
    }

    <B extends AbstractMockHttpServletRequestBuilder<B>> ResultActions call(B request, String key) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + key));
    }

    ResultActions add(String key, UUID bot, String json) throws Exception {
        return call(post("/api/v1/bots/{bot}/sources", bot).contentType(MediaType.APPLICATION_JSON).content(json), key);
    }

    static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** Polls the source until a sync finished; returns its JSON then. */
    String awaitSynced(String key, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String json = "";
        while (Instant.now().isBefore(deadline)) {
            json = body(call(get("/api/v1/sources/{id}", id), key).andExpect(status().isOk()));
            String status = JsonPath.read(json, "$.status");
            if (status.equals("READY") || status.equals("FAILED")) return json;
            Thread.sleep(200);
        }
        throw new AssertionError("source " + id + " did not finish syncing: " + json);
    }

    /** Waits until the bot has {@code count} READY documents; returns their source URLs. */
    List<String> awaitDocumentUrls(Tenant t, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String json = "";
        while (Instant.now().isBefore(deadline)) {
            json = body(call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readOnly()).andExpect(status().isOk()));
            List<String> statuses = JsonPath.read(json, "$[*].status");
            if (statuses.size() == count && statuses.stream().allMatch("READY"::equals)) {
                assertThat(JsonPath.<List<String>>read(json, "$[*].sourceType")).containsOnly("URL");
                return JsonPath.read(json, "$[*].sourceUrl");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + count + " ready documents: " + json);
    }
}
