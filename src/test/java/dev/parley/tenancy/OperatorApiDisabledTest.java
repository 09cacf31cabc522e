package dev.parley.tenancy;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Without PARLEY_OPERATOR_TOKEN the operator API does not exist to callers: 404 whatever they
 * send. Standalone MockMvc, no Spring context or database: the token check comes before any
 * collaborator is touched, so they are left null here (a call to one would fail the test).
 */
class OperatorApiDisabledTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void answersNotFoundWhenNoTokenIsConfigured(String configuredToken) throws Exception {
        var api = new OperatorApi(new TenancyProperties("http://localhost:8080", configuredToken, "Parley <x@localhost>"),
                null, null, null, null, null);
        MockMvc mvc = MockMvcBuilders.standaloneSetup(api).build();

        mvc.perform(post("/api/operator/tenants").header("Authorization", "Bearer " + configuredToken)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"A\", \"ownerEmail\": \"a@example.com\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/operator/tenants").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/operator/tenants/{id}/limits", java.util.UUID.randomUUID()).header("Authorization", "Bearer ")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"documents\": 1}"))
                .andExpect(status().isNotFound());
    }
}
