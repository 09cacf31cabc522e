package dev.parley.knowledge;

import org.springframework.context.ApplicationContext;

/** For tests outside this package: lets the crawler reach the local test site on 127.0.0.1, and back. */
public final class LocalCrawling {

    private LocalCrawling() {}

    public static void allow(ApplicationContext spring) {
        spring.getBean(Crawling.class).use(WebSourcesTest.LOCAL);
    }

    public static void reset(ApplicationContext spring) {
        spring.getBean(Crawling.class).reset();
    }
}
