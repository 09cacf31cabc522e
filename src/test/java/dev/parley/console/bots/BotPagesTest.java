package dev.parley.console.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

/** The preview and test pages: only for signed-in members of the bot's workspace, strict CSP, nothing unescaped. */
class BotPagesTest extends IntegrationTest {

    @Autowired MockMvc mvc;
    @Autowired TestWorkspaces workspaces;
    @Autowired AccountService accounts;
    @Autowired BotService bots;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void membersGetPagesThatEmbedTheirBotWithTheRealLoader() throws Exception {
        ParleyPrincipal owner = workspaces.newOwner();
        BotSettings d = BotSettings.defaults("x");
        Bot bot = bots.create(new BotSettings("Tom & \"<b>Jerry</b>\"", d.persona(), d.welcomeMessage(), List.of(), "#0f766e",
                BotSettings.Position.LEFT, "de", List.of("https://www.example.com"), BotSettings.Theme.AUTO));

        MockHttpServletResponse preview = page(PREVIEW(bot), owner);
        assertThat(preview.getStatus()).isEqualTo(200);
        assertThat(preview.getHeader("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'self'")
                .doesNotContain("unsafe");
        assertThat(preview.getContentAsString()).contains("data-bot=\"" + bot.publicKey() + "\"").contains("data-color=\"#0f766e\"")
                .contains("data-position=\"left\"").contains("data-lang=\"de\"").contains("/scripts/bot-preview.js")
                .contains("Tom &amp; &quot;&lt;b&gt;Jerry&lt;/b&gt;&quot;").doesNotContain("<b>Jerry");

        MockHttpServletResponse test = page(BotPages.TEST + bot.id(), owner);
        assertThat(test.getStatus()).isEqualTo(200);
        assertThat(test.getHeader("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(test.getContentAsString()).contains("<script src=\"/embed.js\" data-bot=\"" + bot.publicKey() + "\" data-open=\"true\"")
                .contains("&lt;script src=&quot;").contains("<h1>Tom &amp; &quot;&lt;b&gt;Jerry&lt;/b&gt;&quot;</h1>");
    }

    @Test
    void anotherWorkspaceAMadeUpIdAndAnAnonymousVisitorGetNothing() throws Exception {
        ParleyPrincipal owner = workspaces.newOwner();
        Bot bot = bots.create(BotSettings.defaults("Private bot"));
        ParleyPrincipal stranger = workspaces.newOwner();

        for (String path : List.of(PREVIEW(bot), BotPages.TEST + bot.id())) {
            MockHttpServletResponse other = page(path, stranger);
            assertThat(other.getStatus()).as(path).isEqualTo(404);
            assertThat(other.getContentAsString()).doesNotContain("Private bot").doesNotContain(bot.publicKey());

            SecurityContextHolder.clearContext();
            MockHttpServletResponse anonymous = mvc.perform(get(path)).andReturn().getResponse();
            assertThat(anonymous.getStatus()).as(path).isBetween(300, 399);
            assertThat(anonymous.getRedirectedUrl()).endsWith("/login");
        }
        assertThat(page(BotPages.PREVIEW + UUID.randomUUID(), owner).getStatus()).isEqualTo(404);
        assertThat(page(BotPages.TEST + "not-a-uuid", owner).getStatus()).isEqualTo(404);
    }

    private static String PREVIEW(Bot bot) {
        return BotPages.PREVIEW + bot.id();
    }

    private MockHttpServletResponse page(String path, ParleyPrincipal who) throws Exception {
        return mvc.perform(get(path).with(authentication(accounts.authenticationFor(who)))).andReturn().getResponse();
    }
}
