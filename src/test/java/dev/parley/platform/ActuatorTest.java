package dev.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.parley.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.web.servlet.MockMvc;

/** Probes and metrics for orchestrators and Prometheus: reachable without signing in. */
class ActuatorTest extends IntegrationTest {

    @Autowired MockMvc mvc;
    @Autowired HealthEndpoint health;

    @Test
    void livenessAndReadinessAreUpWithoutAuthentication() throws Exception {
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void otherEndpointsStayBehindTheSignIn() throws Exception {
        // Shows the security chain is in play above: only the probes and metrics are let through.
        mvc.perform(get("/actuator/info")).andExpect(status().is3xxRedirection());
    }

    @Test
    void readinessIncludesTheDatabase() {
        // Over HTTP the components stay hidden (no details for anonymous callers); the endpoint
        // bean shows what the readiness group is made of.
        var readiness = (CompositeHealthDescriptor) health.healthForPath("readiness");
        assertThat(readiness.getComponents()).containsKeys("db", "readinessState");
        assertThat(readiness.getComponents().get("db").getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void prometheusServesPoolAndRequestMetricsWithoutAuthentication() throws Exception {
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk()); // at least one recorded request
        String metrics = mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andReturn().getResponse().getContentAsString();
        assertThat(metrics)
                .contains("hikaricp_connections_active{pool=\"parley-app\"")
                .contains("hikaricp_connections_max{pool=\"parley-app\"")
                .contains("http_server_requests_seconds_count{")
                .contains("http_server_requests_seconds_bucket{") // percentiles-histogram in application.yaml
                .containsPattern("parley_ingestion_queue(\\{[^}]*})? \\d")
                .containsPattern("parley_ingestion_running(\\{[^}]*})? \\d");
    }
}
