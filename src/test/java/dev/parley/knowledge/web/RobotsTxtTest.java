package dev.parley.knowledge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RobotsTxtTest {

    static boolean allows(RobotsTxt robots, String path) {
        return robots.allows(URI.create("https://example.com" + path));
    }

    @Test
    void ourOwnGroupWinsOverTheStarGroup() {
        var robots = RobotsTxt.parse("""
                User-agent: *
                Disallow: /

                User-agent: ParleyBot
                Disallow: /private
                Crawl-delay: 2.5
                """, "ParleyBot");
        assertThat(allows(robots, "/docs")).isTrue();
        assertThat(allows(robots, "/private/x")).isFalse();
        assertThat(robots.crawlDelay()).contains(Duration.ofMillis(2500));
    }

    @Test
    void starGroupAppliesWhenWeAreNotNamedAndRobotsTxtItselfIsAlwaysAllowed() {
        var robots = RobotsTxt.parse("User-agent: Googlebot\nAllow: /\n\nUser-agent: *\nDisallow: /\n", "ParleyBot");
        assertThat(allows(robots, "/")).isFalse();
        assertThat(allows(robots, "/robots.txt")).isTrue();
    }

    @Test
    void longestMatchWinsAndAllowWinsATie() {
        var robots = RobotsTxt.parse("""
                User-agent: *
                Disallow: /shop
                Allow: /shop/help
                Disallow: /*.json$
                Disallow: /tmp
                Allow: /tmp
                """, "ParleyBot");
        assertThat(allows(robots, "/shop/cart")).isFalse();
        assertThat(allows(robots, "/shop/help/returns")).isTrue();
        assertThat(allows(robots, "/data/a.json")).isFalse();
        assertThat(allows(robots, "/data/a.json?x")).isTrue();
        assertThat(allows(robots, "/tmp/x")).isTrue();
    }

    @Test
    void groupsWithSeveralAgentsAndEmptyDisallow() {
        var robots = RobotsTxt.parse("User-agent: a\nUser-agent: parleybot\nDisallow:\n", "ParleyBot");
        assertThat(allows(robots, "/anything")).isTrue();
        assertThat(allows(RobotsTxt.parse("# nothing\n", "ParleyBot"), "/x")).isTrue();
    }

    @Test
    @Timeout(2)
    void hostilePatternsCostLinearTime() {
        String pattern = "/" + "*a".repeat(200) + "b";
        var robots = RobotsTxt.parse("User-agent: *\nDisallow: " + pattern + "\n", "ParleyBot");
        assertThat(allows(robots, "/" + "a".repeat(5000))).isTrue();
    }
}
