package dev.parley.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.parley.IntegrationTest;
import dev.parley.platform.OwnerDatabase;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

/** The operator API through the full stack: token check, validation, and what ends up in the database. */
class OperatorApiTest extends IntegrationTest {

    private static final String TOKEN = "Bearer test-operator-token"; // set by IntegrationTest
    private static final String PATH = "/api/operator/tenants";

    @Autowired MockMvc mvc;
    @Autowired ApiKeyService apiKeys;
    @Autowired TeamService team;
    @Autowired TenantRepository tenants;
    @Autowired TransactionTemplate tx;
    @Autowired ApplicationContext context;

    private JdbcClient owner;

    @BeforeEach
    void ownerConnection() {
        owner = OwnerDatabase.jdbc(context);
    }

    @Test
    void createsATenantWithAnOwnerInvitationAndAFullScopeKey() throws Exception {
        String name = "Operator Co " + UUID.randomUUID().toString().substring(0, 6);
        String body = """
                {"name": "%s", "ownerEmail": " Boss@Example.COM ",
                 "limits": {"messagesPerDay": 100, "llmTokensPerMonth": 500000, "documents": 20, "storageBytes": 1048576}}"""
                .formatted(name);

        String json = create(TOKEN, body).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID tenantId = UUID.fromString(JsonPath.read(json, "$.tenantId"));
        String invitationUrl = JsonPath.read(json, "$.ownerInvitationUrl");
        String apiKey = JsonPath.read(json, "$.apiKey");

        assertThat(invitationUrl).matches("http://localhost:8080/invite/[A-Za-z0-9_-]{43}");
        assertThat(apiKey).startsWith("prly_");
        var grant = apiKeys.verify(apiKey).orElseThrow();
        assertThat(grant.tenant()).isEqualTo(new TenantId(tenantId));
        assertThat(grant.scopes()).isEqualTo(EnumSet.allOf(ApiScope.class));

        var preview = team.preview(invitationUrl.substring(invitationUrl.lastIndexOf('/') + 1));
        assertThat(preview.tenantName()).isEqualTo(name);
        assertThat(preview.role()).isEqualTo(Role.OWNER);
        assertThat(preview.email()).isEqualTo("boss@example.com");

        TenantEntity stored = readBound(tenantId);
        assertThat(stored.name).isEqualTo(name);
        assertThat(stored.maxMessagesPerDay).isEqualTo(100);
        assertThat(stored.maxLlmTokensPerMonth).isEqualTo(500_000L);
        assertThat(stored.maxDocuments).isEqualTo(20);
        assertThat(stored.maxStorageBytes).isEqualTo(1_048_576L);
    }

    @Test
    void setsLimitsOfAnExistingTenant() throws Exception {
        UUID tenantId = createTenant();

        setLimits(TOKEN, tenantId, """
                {"messagesPerDay": 5, "llmTokensPerMonth": 7000}""")
                .andExpect(status().isOk()).andExpect(jsonPath("$.messagesPerDay").value(5));
        TenantEntity stored = readBound(tenantId);
        assertThat(stored.maxMessagesPerDay).isEqualTo(5);
        assertThat(stored.maxLlmTokensPerMonth).isEqualTo(7000L);
        assertThat(stored.maxDocuments).as("left out: no limit").isNull();
        assertThat(stored.maxStorageBytes).isNull();

        setLimits(TOKEN, tenantId, "{\"documents\": -1}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.fields.limits").isNotEmpty());
        setLimits("Bearer wrong", tenantId, "{\"messagesPerDay\": 1}").andExpect(status().isUnauthorized());
        assertThat(readBound(tenantId).maxMessagesPerDay).as("unchanged by refused requests").isEqualTo(5);

        setLimits(TOKEN, UUID.randomUUID(), "{\"messagesPerDay\": 1}").andExpect(status().isNotFound());
    }

    @Test
    void wrongTokenIsUnauthorizedAndCreatesNothing() throws Exception {
        Counts before = counts();
        create("Bearer not-the-token", validBody()).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        create("test-operator-token", validBody()).andExpect(status().isUnauthorized()); // no Bearer scheme
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void missingTokenIsUnauthorizedAndCreatesNothing() throws Exception {
        Counts before = counts();
        mvc.perform(post(PATH).contentType(MediaType.APPLICATION_JSON).content(validBody()))
                .andExpect(status().isUnauthorized());
        assertThat(counts()).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "name       | {\"name\": \"  \", \"ownerEmail\": \"a@example.com\"}",
            "name       | {\"ownerEmail\": \"a@example.com\"}",
            "ownerEmail | {\"name\": \"Valid Co\", \"ownerEmail\": \"not-an-address\"}",
            "limits     | {\"name\": \"Valid Co\", \"ownerEmail\": \"a@example.com\", \"limits\": {\"documents\": -1}}",
            "limits     | {\"name\": \"Valid Co\", \"ownerEmail\": \"a@example.com\", \"limits\": {\"storageBytes\": -5}}"})
    void invalidBodyIsABadRequestNamingTheFieldAndCreatesNothing(String field, String body) throws Exception {
        Counts before = counts();
        create(TOKEN, body).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields." + field).isNotEmpty());
        assertThat(counts()).isEqualTo(before);
    }

    /** Rows the operator API writes, counted as the owner: BYPASSRLS sees every tenant's rows. */
    record Counts(long tenants, long invitations, long apiKeys, long auditEntries) {}

    private Counts counts() {
        return owner.sql("""
                SELECT (SELECT count(*) FROM tenants), (SELECT count(*) FROM invitations),
                       (SELECT count(*) FROM api_keys), (SELECT count(*) FROM audit_log)""")
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }

    /** The tenant row as the app role reads it with that tenant bound (row-level security applies). */
    private TenantEntity readBound(UUID tenantId) {
        return TenantContext.callAs(new TenantId(tenantId), null,
                () -> tx.execute(status -> tenants.findById(tenantId).orElseThrow()));
    }

    private UUID createTenant() throws Exception {
        String json = create(TOKEN, validBody()).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return UUID.fromString(JsonPath.read(json, "$.tenantId"));
    }

    private static String validBody() {
        return "{\"name\": \"Valid Co\", \"ownerEmail\": \"owner@example.com\"}";
    }

    private ResultActions create(String authorization, String body) throws Exception {
        return mvc.perform(post(PATH).header("Authorization", authorization).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions setLimits(String authorization, UUID tenantId, String body) throws Exception {
        return mvc.perform(put(PATH + "/" + tenantId + "/limits").header("Authorization", authorization)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
