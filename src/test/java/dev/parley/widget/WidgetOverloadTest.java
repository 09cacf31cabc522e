package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import dev.parley.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node too busy to check the rate limits (its pool stayed exhausted, as under the 1,000-stream
 * load before the fix in {@link WidgetRateLimits}): the visitor gets a clear 503 with Retry-After,
 * the message goes nowhere and no stream slot is taken. It used to become a server error that
 * Spring Security turned into a 302 to the console's login page.
 */
class WidgetOverloadTest extends IntegrationTest {

    @Autowired WidgetTokens tokens;
    @Autowired WidgetProperties properties;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;

    /** Rate limits whose database never hands out a connection. */
    private WidgetRateLimits unreachable() {
        return new WidgetRateLimits(new AbstractDataSource() {
            @Override
            public Connection getConnection() throws SQLTransientConnectionException {
                throw new SQLTransientConnectionException("parley-app - Connection is not available, request timed out after 30000ms");
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLTransientConnectionException {
                return getConnection();
            }
        }, jdbc, properties);
    }

    @Test
    void limitsThatCannotBeReadRefuseInsteadOfWavingThrough() {
        assertThatThrownBy(() -> unreachable().consume(List.of(new WidgetRateLimits.Limit("test-overload", "x", 10))))
                .isInstanceOf(WidgetRateLimits.Unavailable.class);
    }

    @Test
    void aMessageWhileTheLimitsCannotBeReadGets503WithRetryAfterAndReachesNothing() throws Exception {
        WidgetRateLimits limits = unreachable();
        UUID bot = UUID.randomUUID();
        String token = tokens.issue(new TenantId(UUID.randomUUID()), bot, "v_overload", UUID.randomUUID()).token();
        var request = new MockHttpServletRequest("POST", "/api/v1/conversations/" + UUID.randomUUID() + "/messages");
        request.addHeader("Authorization", "Bearer " + token);
        request.setContentType("application/json");
        request.setContent("{\"content\":\"Hello?\"}".getBytes(StandardCharsets.UTF_8));
        var response = new MockHttpServletResponse();
        AtomicBoolean reached = new AtomicBoolean();

        new WidgetTokenFilter(tokens, limits, json).doFilter(request, response, (req, res) -> reached.set(true));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains(WidgetErrors.BUSY);
        assertThat(reached).as("the chat API was called").isFalse();
        assertThat(limits.openStreams(bot)).isZero();
    }
}
