package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ApplicationSmokeTest extends IntegrationTest {

    @Autowired JdbcClient jdbc;

    @Test
    void runsAsTheRestrictedRoleWithPgvector() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("parley_app");
        assertThat(jdbc.sql("SELECT extversion FROM pg_extension WHERE extname = 'vector'").query(String.class).single())
                .startsWith("0.8");
    }
}
