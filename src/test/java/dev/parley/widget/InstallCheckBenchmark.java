package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.TestWorkspaces;
import dev.parley.WebIntegrationTest;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the install check costs the widget API: GET /api/v1/widget/config requests per second, 8
 * clients for 1.5 s per scenario, the four scenarios one after another in each of 9 rounds. The
 * machine is shared, so besides the medians it reports the median of each round's ratio to the
 * baseline measured in the same round (a paired comparison). Scenarios:
 * <ul>
 *   <li><b>own</b>: from Parley's own frame (never noted): the baseline;</li>
 *   <li><b>site</b>: from an allowed site, noted (after the first request: skipped by the per-node cache);</li>
 *   <li><b>site, cache off</b>: the same with this node's cache emptied before every request, so each one
 *       reaches the database's once-a-minute upsert (what N nodes without a shared cache cost at worst);</li>
 *   <li><b>forged</b>: every request from a new, refused origin (an attacker's worst case: insert + trim).</li>
 * </ul>
 * Not a test (no Test suffix): run by bench/install-check.sh. Prints lines starting with "INSTALL".
 */
class InstallCheckBenchmark extends WebIntegrationTest {

    static final int CLIENTS = 8;
    static final Duration ROUND = Duration.ofMillis(1500);
    static final int ROUNDS = 9;
    static final String SITE = "https://site.example";

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired WidgetInstallations installations;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicInteger forged = new AtomicInteger();

    @Test
    void benchmark() throws Exception {
        workspaces.newOwner();
        Bot bot = bots.create(WidgetApiTest.settings("Benchmarked", List.of(SITE)));
        SecurityContextHolder.clearContext();
        String config = baseUrl() + "/api/v1/widget/config?bot=" + bot.publicKey();
        Map<String, IntFunction<HttpRequest>> scenarios = new LinkedHashMap<>();
        scenarios.put("own", i -> get(config + "&host=" + baseUrl(), "Referer", baseUrl() + "/widget/frame"));
        scenarios.put("site", i -> get(config, "Origin", SITE));
        scenarios.put("site, cache off", i -> {
            installations.forgetRecent();
            return get(config, "Origin", SITE);
        });
        scenarios.put("forged", i -> get(config, "Origin", "https://f" + forged.incrementAndGet() + ".example"));

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        scenarios.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
        for (var s : scenarios.entrySet()) run(s.getValue(), Duration.ofSeconds(1)); // warm-up
        for (int round = 0; round < ROUNDS; round++) {
            for (var s : scenarios.entrySet()) rates.get(s.getKey()).add(run(s.getValue(), ROUND));
        }
        List<Double> own = rates.get("own");
        for (var r : rates.entrySet()) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) ratios.add(r.getValue().get(i) / own.get(i));
            System.out.printf("INSTALL %-16s median %6.0f req/s  min %6.0f  max %6.0f  paired ratio to own: median %.2f (min %.2f, max %.2f)%n",
                    r.getKey(), median(r.getValue()), Collections.min(r.getValue()), Collections.max(r.getValue()),
                    median(ratios), Collections.min(ratios), Collections.max(ratios));
        }
        assertThat(installations.sightings(bot.id())).hasSizeLessThanOrEqualTo(WidgetInstallations.KEPT_PER_BOT);
    }

    private double run(IntFunction<HttpRequest> request, Duration length) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                pool.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < end) {
                        HttpResponse<Void> r = http.send(request.apply(i++), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200 && r.statusCode() != 404) throw new IllegalStateException("HTTP " + r.statusCode());
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return done.get() / (length.toNanos() / 1e9);
    }

    private static HttpRequest get(String url, String header, String value) {
        return HttpRequest.newBuilder(URI.create(url)).header(header, value).GET().build();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
