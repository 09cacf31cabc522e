package dev.parley.knowledge.web;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * robots.txt as RFC 9309 reads it: the groups naming our product token, else the '*' groups;
 * the longest matching Allow/Disallow wins, Allow on a tie; '*' and '$' in patterns. Crawl-delay,
 * not in the RFC but widely used, is honoured (capped by the fetcher).
 */
public final class RobotsTxt {

    private record Rule(boolean allow, String pattern) {}

    public static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), null);

    private final List<Rule> rules;
    private final Duration crawlDelay;

    private RobotsTxt(List<Rule> rules, Duration crawlDelay) {
        this.rules = rules;
        this.crawlDelay = crawlDelay;
    }

    public static RobotsTxt parse(String text, String productToken) {
        String token = productToken.toLowerCase(Locale.ROOT);
        List<Rule> mine = new ArrayList<>(), star = new ArrayList<>();
        Duration myDelay = null, starDelay = null;
        boolean matchedMine = false, matchedStar = false;
        List<String> agents = new ArrayList<>();
        boolean inRules = false;
        for (String rawLine : text.split("\\R")) {
            String line = rawLine.replaceFirst("#.*", "").strip();
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("user-agent")) {
                if (inRules) agents.clear();
                inRules = false;
                agents.add(value.toLowerCase(Locale.ROOT));
                continue;
            }
            if (!key.equals("allow") && !key.equals("disallow") && !key.equals("crawl-delay")) continue;
            inRules = true;
            boolean forMe = agents.stream().anyMatch(a -> a.equals(token) || a.startsWith(token + "/"));
            boolean forAll = agents.contains("*");
            matchedMine |= forMe;
            matchedStar |= forAll;
            if (key.equals("crawl-delay")) {
                Duration d = delay(value);
                if (forMe) myDelay = d;
                if (forAll) starDelay = d;
                continue;
            }
            if (value.isEmpty()) continue; // "Disallow:" allows everything
            Rule rule = new Rule(key.equals("allow"), value);
            if (forMe) mine.add(rule);
            if (forAll) star.add(rule);
        }
        if (matchedMine) return new RobotsTxt(List.copyOf(mine), myDelay);
        if (matchedStar) return new RobotsTxt(List.copyOf(star), starDelay);
        return ALLOW_ALL;
    }

    public boolean allows(URI url) {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        if (path.equals("/robots.txt")) return true;
        Rule best = null;
        for (Rule rule : rules) {
            if (!matches(rule.pattern(), path)) continue;
            if (best == null || rule.pattern().length() > best.pattern().length()
                    || rule.pattern().length() == best.pattern().length() && rule.allow()) best = rule;
        }
        return best == null || best.allow();
    }

    public Optional<Duration> crawlDelay() {
        return Optional.ofNullable(crawlDelay);
    }

    /**
     * Pattern match with '*' (any run of characters) and a trailing '$' (end of path); otherwise a
     * prefix match. Greedy with one backtrack point, so a hostile pattern costs O(pattern × path).
     */
    static boolean matches(String pattern, String path) {
        String p = pattern.endsWith("$") ? pattern.substring(0, pattern.length() - 1) : pattern + "*";
        int pi = 0, si = 0, star = -1, mark = 0;
        while (si < path.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (pi < p.length() && p.charAt(pi) == path.charAt(si)) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }

    private static Duration delay(String value) {
        try {
            double seconds = Double.parseDouble(value);
            return seconds > 0 ? Duration.ofMillis((long) (Math.min(seconds, 86_400) * 1000)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
