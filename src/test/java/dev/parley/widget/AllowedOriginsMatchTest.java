package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tenancy.AllowedOrigins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin rules the widget relies on: exact scheme, host and port; a wildcard covers subdomains only. */
class AllowedOriginsMatchTest {

    static final List<String> ALLOWED = AllowedOrigins.parse(List.of("https://site.example", "https://*.shop.example",
            "http://localhost:8081"));

    @Test
    void matchesExactOriginsAndSubdomainsOfAWildcard() {
        assertThat(AllowedOrigins.matches(ALLOWED, "https://site.example")).isTrue();
        assertThat(AllowedOrigins.matches(ALLOWED, "HTTPS://Site.Example")).isTrue();
        assertThat(AllowedOrigins.matches(ALLOWED, "https://a.shop.example")).isTrue();
        assertThat(AllowedOrigins.matches(ALLOWED, "https://a.b.shop.example")).isTrue();
        assertThat(AllowedOrigins.matches(ALLOWED, "http://localhost:8081")).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        for (String origin : new String[] {"http://site.example", "https://site.example:8443", "https://shop.example",
                "https://evilshop.example", "https://a.shop.example.evil", "http://a.shop.example", "http://localhost",
                "http://localhost:8082", "https://*.shop.example", "https://site.example/path", "null", "", "javascript:alert(1)"}) {
            assertThat(AllowedOrigins.matches(ALLOWED, origin)).as(origin).isFalse();
        }
        assertThat(AllowedOrigins.matches(ALLOWED, null)).isFalse();
        assertThat(AllowedOrigins.matches(List.of(), "https://site.example")).isFalse();
    }
}
