package dev.parley.knowledge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.ParleyPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/** The knowledge admin API over MockMvc, authenticated only by tenant API keys. */
class KnowledgeApiTest extends IntegrationTest {

    static final String GUIDE = """
            # Billing
            ## Refunds
            Refunds are paid back to the original card within five working days.
            ## Invoices
            Invoices are e-mailed on the first day of every month.
            """;

    @Autowired MockMvc mvc;
    @Autowired TestWorkspaces workspaces;
    @Autowired ApiKeyService apiKeys;

    /** A workspace with one bot and keys: read+write and read-only. */
    record Tenant(ParleyPrincipal owner, UUID bot, UUID readWriteKeyId, String readWrite, String readOnly) {}

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void uploadedFileIsIndexedReindexedAndDeleted() throws Exception {
        Tenant t = newTenant();
        MvcResult created = upload(t.readWrite(), t.bot(), "billing.md", GUIDE)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.title").value("billing.md"))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.sourceType").value("FILE"))
                .andExpect(jsonPath("$.createdAt").isNotEmpty())
                .andReturn();
        String id = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/documents/" + id);

        awaitStatus(t.readWrite(), id, "READY");
        call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readOnly())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id))
                .andExpect(jsonPath("$[0].chunkCount").value(2));
        call(get("/api/v1/documents/{id}/chunks", id), t.readOnly())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].headingPath").value(Matchers.contains("Billing › Refunds", "Billing › Invoices")))
                .andExpect(jsonPath("$[0].content").value(Matchers.containsString("five working days")));

        call(post("/api/v1/documents/{id}/reindex", id), t.readWrite())
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("QUEUED"));
        awaitStatus(t.readWrite(), id, "READY");

        call(delete("/api/v1/documents/{id}", id), t.readWrite()).andExpect(status().isNoContent());
        call(get("/api/v1/documents/{id}", id), t.readWrite()).andExpect(status().isNotFound());
        call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readWrite()).andExpect(jsonPath("$").isEmpty());
    }

    @Test
    void addsPastedTextAndQaPairs() throws Exception {
        Tenant t = newTenant();
        MvcResult text = call(post("/api/v1/bots/{bot}/texts", t.bot()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"Opening hours\",\"body\":\"We open at nine and close at five.\"}"), t.readWrite())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.sourceType").value("TEXT"))
                .andReturn();
        MvcResult qa = call(post("/api/v1/bots/{bot}/qa", t.bot()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\":\"Do you ship to Norway?\",\"answer\":\"Yes, within 3 days.\"}"), t.readWrite())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.sourceType").value("QA"))
                .andExpect(jsonPath("$.title").value("Do you ship to Norway?"))
                .andReturn();
        String qaId = JsonPath.read(qa.getResponse().getContentAsString(), "$.id");
        awaitStatus(t.readOnly(), JsonPath.read(text.getResponse().getContentAsString(), "$.id"), "READY");
        awaitStatus(t.readOnly(), qaId, "READY");
        call(get("/api/v1/documents/{id}/chunks", qaId), t.readOnly())
                .andExpect(jsonPath("$[0].qa").value(true))
                .andExpect(jsonPath("$[0].content").value("Q: Do you ship to Norway?\nA: Yes, within 3 days."));
        call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readOnly()).andExpect(jsonPath("$.length()").value(2));
    }

    @Test
    void revokedKeyIsRefusedAtOnce() throws Exception {
        Tenant t = newTenant();
        call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readWrite()).andExpect(status().isOk());

        workspaces.signIn(t.owner());
        apiKeys.revoke(t.readWriteKeyId());
        SecurityContextHolder.clearContext();

        call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readWrite())
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.error").value(Matchers.containsString("valid API key")));
        upload(t.readWrite(), t.bot(), "late.md", "# Late\nToo late.").andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/bots/{bot}/documents", t.bot())).andExpect(status().isUnauthorized());
        call(get("/api/v1/bots/{bot}/documents", t.bot()), "prly_nonsense").andExpect(status().isUnauthorized());
        assertThat(documentCount(t)).isZero();
    }

    @Test
    void readOnlyKeyReadsButCannotChangeAnything() throws Exception {
        Tenant t = newTenant();
        String id = createdId(upload(t.readWrite(), t.bot(), "notes.txt", "Parking is free for visitors."));

        upload(t.readOnly(), t.bot(), "other.txt", "Something else entirely.")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("This API key lacks the KNOWLEDGE_WRITE scope."));
        call(post("/api/v1/bots/{bot}/texts", t.bot()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"x\",\"body\":\"y\"}"), t.readOnly()).andExpect(status().isForbidden());
        call(delete("/api/v1/documents/{id}", id), t.readOnly()).andExpect(status().isForbidden());
        call(post("/api/v1/documents/{id}/reindex", id), t.readOnly()).andExpect(status().isForbidden());

        call(get("/api/v1/documents/{id}", id), t.readOnly()).andExpect(status().isOk());
        assertThat(documentCount(t)).isOne();
    }

    @Test
    void anotherTenantsDocumentIsNotFoundAndStaysUntouched() throws Exception {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        String id = createdId(upload(owner.readWrite(), owner.bot(), "secret.md", "# Secret\nThe vault code is 4711."));
        String before = awaitStatus(owner.readWrite(), id, "READY");

        String missing = body(call(get("/api/v1/documents/{id}", UUID.randomUUID()), other.readWrite())
                .andExpect(status().isNotFound()));
        assertThat(body(call(get("/api/v1/documents/{id}", id), other.readWrite()).andExpect(status().isNotFound())))
                .isEqualTo(missing).contains("No such document.");
        call(get("/api/v1/documents/{id}/chunks", id), other.readWrite()).andExpect(status().isNotFound());
        call(post("/api/v1/documents/{id}/reindex", id), other.readWrite()).andExpect(status().isNotFound());
        call(delete("/api/v1/documents/{id}", id), other.readWrite()).andExpect(status().isNotFound());
        call(get("/api/v1/bots/{bot}/documents", owner.bot()), other.readWrite()).andExpect(status().isNotFound());
        upload(other.readWrite(), owner.bot(), "planted.md", "# Planted\nNot yours.").andExpect(status().isNotFound());

        // Same status, same updatedAt, same chunks: nothing happened to it.
        assertThat(body(call(get("/api/v1/documents/{id}", id), owner.readWrite()).andExpect(status().isOk()))).isEqualTo(before);
        call(get("/api/v1/documents/{id}/chunks", id), owner.readWrite()).andExpect(jsonPath("$.length()").value(1));
        assertThat(documentCount(owner)).isOne();
    }

    @Test
    void unsupportedTypeIsRefusedWithTheAcceptedList() throws Exception {
        Tenant t = newTenant();
        upload(t.readWrite(), t.bot(), "setup.exe", "MZ")
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("'setup.exe' is not a supported type")))
                .andExpect(jsonPath("$.accepted").value(Matchers.hasItems(".md", ".txt", ".pdf", ".docx")));
        call(post("/api/v1/bots/{bot}/texts", t.bot()).contentType(MediaType.TEXT_PLAIN).content("plain"), t.readWrite())
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value(Matchers.containsString("application/json")));
        assertThat(documentCount(t)).isZero();
    }

    @Test
    void oversizedUploadIsRefusedBeforeItsBodyIsRead() throws Exception {
        Tenant t = newTenant();
        long tooLarge = 51L * 1024 * 1024;
        // The declared length alone decides: no body is sent, so none can have been read.
        call(post("/api/v1/bots/{bot}/documents", t.bot()).contentType("multipart/form-data; boundary=x")
                .header("Content-Length", tooLarge), t.readWrite())
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.error").value("The upload is larger than the limit of 50 MB."));

        // A file part that declares more than the limit is refused before its stream is opened.
        MockMultipartFile declaredHuge = new MockMultipartFile("file", "huge.pdf", "application/pdf", new byte[] {1}) {
            @Override
            public long getSize() {
                return tooLarge;
            }

            @Override
            public InputStream getInputStream() {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the body must not be read");
                    }
                };
            }
        };
        call(multipart("/api/v1/bots/{bot}/documents", t.bot()).file(declaredHuge), t.readWrite())
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.error").value("'huge.pdf' is larger than the limit of 50 MB."));
        assertThat(documentCount(t)).isZero();
        assertThat(blobFiles(t)).isEmpty();
    }

    @Test
    void duplicateIsRefusedWithTheExistingIdUnlessAllowed() throws Exception {
        Tenant t = newTenant();
        String first = createdId(upload(t.readWrite(), t.bot(), "faq.md", "# FAQ\nWe answer within a day."));
        upload(t.readWrite(), t.bot(), "faq-copy.md", "# FAQ\nWe answer within a day.")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.existingDocumentId").value(first))
                .andExpect(jsonPath("$.error").value(Matchers.containsString("'faq.md' has the same content")));
        assertThat(documentCount(t)).isOne();

        call(multipart("/api/v1/bots/{bot}/documents", t.bot())
                .file(new MockMultipartFile("file", "faq-copy.md", "text/markdown", "# FAQ\nWe answer within a day.".getBytes()))
                .param("allowDuplicate", "true"), t.readWrite())
                .andExpect(status().isCreated());
        assertThat(documentCount(t)).isEqualTo(2);
    }

    @Test
    void emptyOrMissingInputIsABadRequest() throws Exception {
        Tenant t = newTenant();
        call(post("/api/v1/bots/{bot}/texts", t.bot()).contentType(MediaType.APPLICATION_JSON), t.readWrite())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("The request body is missing or is not valid JSON."));
        call(post("/api/v1/bots/{bot}/texts", t.bot()).contentType(MediaType.APPLICATION_JSON).content("{}"), t.readWrite())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.title").value("Give the text a title (up to 500 characters)."));
        call(post("/api/v1/bots/{bot}/qa", t.bot()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"question\":\"Why?\",\"answer\":\"  \"}"), t.readWrite())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.answer").value(Matchers.startsWith("Write the answer")));
        upload(t.readWrite(), t.bot(), "empty.txt", "")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("'empty.txt' is empty."));
        call(multipart("/api/v1/bots/{bot}/documents", t.bot()).param("x", "y"), t.readWrite())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.file").value("Required."));
        call(post("/api/v1/bots/{bot}/texts", UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"t\",\"body\":\"b\"}"), t.readWrite())
                .andExpect(status().isNotFound());
        call(get("/api/v1/documents/not-a-uuid"), t.readWrite()).andExpect(status().isNotFound());
        assertThat(documentCount(t)).isZero();
    }

    @Test
    void openApiDescribesTheEndpointsWithTheBearerScheme() throws Exception {
        String docs = body(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()));
        assertThat(JsonPath.<java.util.Map<String, Object>>read(docs, "$.paths").keySet()).containsExactlyInAnyOrder(
                "/api/v1/bots/{botId}/documents", "/api/v1/bots/{botId}/texts", "/api/v1/bots/{botId}/qa",
                "/api/v1/documents/{id}", "/api/v1/documents/{id}/chunks", "/api/v1/documents/{id}/reindex",
                "/api/v1/bots/{botId}/sources", "/api/v1/sources/{id}", "/api/v1/sources/{id}/resync",
                "/api/v1/bots/{botId}/conversations", "/api/v1/conversations/{id}/messages", "/api/v1/messages/{id}/feedback");
        assertThat(JsonPath.<String>read(docs, "$.components.securitySchemes.apiKey.type")).isEqualTo("http");
        assertThat(JsonPath.<String>read(docs, "$.components.securitySchemes.apiKey.scheme")).isEqualTo("bearer");
        for (String op : List.of("$.paths['/api/v1/bots/{botId}/documents'].get", "$.paths['/api/v1/bots/{botId}/documents'].post",
                "$.paths['/api/v1/documents/{id}'].delete", "$.paths['/api/v1/documents/{id}/reindex'].post",
                "$.paths['/api/v1/bots/{botId}/sources'].post", "$.paths['/api/v1/sources/{id}'].get",
                "$.paths['/api/v1/sources/{id}'].delete", "$.paths['/api/v1/sources/{id}/resync'].post")) {
            assertThat(JsonPath.<List<Object>>read(docs, op + ".security[*].apiKey")).as(op).hasSize(1);
        }
        assertThat(JsonPath.<Object>read(docs, "$.paths['/api/v1/bots/{botId}/documents'].post.requestBody.content['multipart/form-data']"))
                .isNotNull();
        assertThat(JsonPath.<java.util.Map<String, Object>>read(docs, "$.paths['/api/v1/bots/{botId}/documents'].post.responses"))
                .containsKeys("201", "401", "403", "409", "413", "415");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(docs, "$.paths['/api/v1/bots/{botId}/sources'].post.responses"))
                .containsKeys("201", "400", "401", "403", "404");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(docs, "$.paths['/api/v1/sources/{id}/resync'].post.responses"))
                .containsKeys("202", "404");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(docs, "$.paths['/api/v1/conversations/{id}/messages'].post.responses"))
                .containsKeys("200", "400", "401", "403", "404", "409", "413", "429");
        assertThat(JsonPath.<Object>read(docs, "$.paths['/api/v1/conversations/{id}/messages'].post.responses['200'].content['text/event-stream']"))
                .isNotNull();
    }

    // --- helpers

    Tenant newTenant() {
        ParleyPrincipal owner = workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        var readWrite = apiKeys.create("automation", EnumSet.of(ApiScope.KNOWLEDGE_READ, ApiScope.KNOWLEDGE_WRITE));
        var readOnly = apiKeys.create("reporting", Set.of(ApiScope.KNOWLEDGE_READ));
        SecurityContextHolder.clearContext(); // from here on only the keys speak
        return new Tenant(owner, bot, readWrite.key().id(), readWrite.secretKey(), readOnly.secretKey());
    }

    <B extends AbstractMockHttpServletRequestBuilder<B>> ResultActions call(B request, String key) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + key));
    }

    ResultActions upload(String key, UUID bot, String name, String content) throws Exception {
        return call(multipart("/api/v1/bots/{bot}/documents", bot)
                .file(new MockMultipartFile("file", name, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8))), key);
    }

    static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    static String createdId(ResultActions result) throws Exception {
        return JsonPath.read(body(result.andExpect(status().isCreated())), "$.id");
    }

    /** Polls the document until it reaches the status; returns its JSON then. */
    String awaitStatus(String key, String id, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String json = "";
        while (Instant.now().isBefore(deadline)) {
            json = body(call(get("/api/v1/documents/{id}", id), key).andExpect(status().isOk()));
            String status = JsonPath.read(json, "$.status");
            if (status.equals(wanted)) return json;
            if (status.equals("FAILED") || status.equals("READY")) break;
            Thread.sleep(200);
        }
        throw new AssertionError("document " + id + " did not reach " + wanted + ": " + json);
    }

    int documentCount(Tenant t) throws Exception {
        return JsonPath.read(body(call(get("/api/v1/bots/{bot}/documents", t.bot()), t.readOnly())
                .andExpect(status().isOk())), "$.length()");
    }

    List<Path> blobFiles(Tenant t) throws IOException {
        Path dir = DATA_DIR.resolve("blobs").resolve(t.owner().tenant().value().toString());
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
