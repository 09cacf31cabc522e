package dev.parley.console.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.browserless.BrowserlessUIContext;
import dev.parley.IntegrationTest;
import dev.parley.console.ConsoleTest;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

class AccountViewTest extends ConsoleTest {

    @Autowired BotService bots;
    @Autowired KnowledgeService knowledge;

    @Test
    void anOwnerRenamesTheWorkspaceAndTheHeaderFollows() {
        ParleyPrincipal owner = newWorkspace("Old Name");
        BrowserlessUIContext browser = window(owner);
        AccountView view = browser.navigate(AccountView.class);

        browser.test(view.name).setValue("  New Name  ");
        browser.test(view.saveName).click();

        assertThat(view.name.isInvalid()).isFalse();
        assertThat(storedName(owner)).isEqualTo("New Name");
        assertThat(((ParleyPrincipal) SecurityContextHolder.getContext().getAuthentication().getPrincipal()).tenantName())
                .isEqualTo("New Name");
    }

    @Test
    void anEmptyOrTooLongNameIsShownNextToTheFieldAndKeepsTheOldOne() {
        ParleyPrincipal owner = newWorkspace("Keep Me");
        BrowserlessUIContext browser = window(owner);
        AccountView view = browser.navigate(AccountView.class);

        browser.test(view.name).setValue("   ");
        browser.test(view.saveName).click();
        assertThat(view.name.isInvalid()).isTrue();
        assertThat(view.name.getErrorMessage()).isEqualTo("Name the workspace.");

        browser.test(view.name).setValue("x".repeat(121));
        browser.test(view.saveName).click();
        assertThat(view.name.isInvalid()).isTrue();
        assertThat(view.name.getErrorMessage()).isEqualTo("A workspace name has at most 120 characters; this one has 121.");
        assertThat(storedName(owner)).isEqualTo("Keep Me");
    }

    @Test
    void anAdminSeesUsageButCannotRenameOrDelete() {
        ParleyPrincipal owner = newWorkspace("Admin Co");
        BrowserlessUIContext browser = window(newMember(owner, Role.ADMIN));
        AccountView view = browser.navigate(AccountView.class);

        assertThat(view.name.isReadOnly()).isTrue();
        assertThat(view.saveName.isVisible()).isFalse();
        assertThat(view.delete.getParent()).isEmpty();
        assertThat(browser.find(com.vaadin.flow.component.html.H3.class).all()).extracting(h -> h.getText())
                .containsExactly("Workspace", "Usage and limits", "LLM endpoints");
    }

    @Test
    void aWrongNameTypedDeletesNothing() {
        ParleyPrincipal owner = newWorkspace("Precious Co");
        as(owner, () -> bots.create(BotSettings.defaults("Precious bot")));
        BrowserlessUIContext browser = window(owner);
        AccountView view = browser.navigate(AccountView.class);

        browser.test(view.delete).click();
        DeleteWorkspaceDialog dialog = browser.find(DeleteWorkspaceDialog.class).single();
        for (String typed : new String[] {"", "precious co", "Precious Co!", "Precious"}) {
            browser.test(dialog.confirmation).setValue(typed);
            browser.test(dialog.confirm).click();
            assertThat(dialog.confirmation.isInvalid()).as(typed).isTrue();
            assertThat(dialog.confirmation.getErrorMessage()).isEqualTo("Type the workspace name exactly as shown to delete it.");
            assertThat(dialog.isOpened()).isTrue();
        }
        assertThat(countAll("SELECT count(*) FROM tenants WHERE id = ?", owner.tenant().value())).isEqualTo(1);
        assertThat(countAll("SELECT count(*) FROM bots WHERE tenant_id = ?", owner.tenant().value())).isEqualTo(1);
        assertThat(countAll("SELECT count(*) FROM memberships WHERE tenant_id = ?", owner.tenant().value())).isEqualTo(1);
    }

    @Test
    void deletingRemovesEveryRowAndFileOfThisWorkspaceAndNothingOfAnother() throws Exception {
        ParleyPrincipal doomed = newWorkspace("Doomed Co");
        ParleyPrincipal keeper = newWorkspace("Keeper Co");
        Path doomedBlob = fill(doomed);
        Path keeperBlob = fill(keeper);
        Map<String, Long> keeperBefore = rowsOf(keeper.tenant().value());
        assertThat(rowsOf(doomed.tenant().value())).allSatisfy((table, n) -> assertThat(n).as(table).isPositive());
        assertThat(doomedBlob).exists();

        BrowserlessUIContext browser = window(doomed);
        AccountView view = browser.navigate(AccountView.class);
        browser.test(view.delete).click();
        DeleteWorkspaceDialog dialog = browser.find(DeleteWorkspaceDialog.class).single();
        browser.test(dialog.confirmation).setValue("Doomed Co");
        // Its only workspace is gone: the person is signed out, which ends the (mock) session mid-click.
        assertThatThrownBy(() -> browser.test(dialog.confirm).click()).hasMessageContaining("invalidated");

        assertThat(rowsOf(doomed.tenant().value())).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        assertThat(rowsOf(keeper.tenant().value())).isEqualTo(keeperBefore);
        assertThat(doomedBlob).doesNotExist();
        assertThat(doomedBlob.getParent()).doesNotExist();
        assertThat(keeperBlob).exists();
        // The owner keeps a login, which now belongs to no workspace.
        assertThat(countAll("SELECT count(*) FROM users WHERE id = ?", doomed.user().value())).isEqualTo(1);
    }

    @Test
    void aPersonWithAnotherWorkspaceContinuesThere() {
        ParleyPrincipal other = newWorkspace("Other Co");
        ParleyPrincipal owner = newWorkspace("Short-lived Co");
        String email = owner.email();
        var link = as(other, () -> team.invite(email, Role.EDITOR));
        team.accept(link.token(), owner.displayName(), PASSWORD);
        BrowserlessUIContext browser = window(principalWithWorkspaces(owner));
        AccountView view = browser.navigate(AccountView.class);

        browser.test(view.delete).click();
        DeleteWorkspaceDialog dialog = browser.find(DeleteWorkspaceDialog.class).single();
        browser.test(dialog.confirmation).setValue("Short-lived Co");
        browser.test(dialog.confirm).click();

        ParleyPrincipal now = (ParleyPrincipal) SecurityContextHolder.getContext().getAuthentication().getPrincipal();
        assertThat(now.tenant()).isEqualTo(other.tenant());
        assertThat(now.role()).isEqualTo(Role.EDITOR);
    }

    /** The owner's principal as a fresh sign-in would build it, listing every workspace. */
    private ParleyPrincipal principalWithWorkspaces(ParleyPrincipal owner) {
        return as(owner, () -> (ParleyPrincipal) accounts.switchTo(owner.tenant()).getPrincipal());
    }

    /** A bot with a stored file, a conversation with a rated answer, usage and aggregates. Returns the file's path. */
    private Path fill(ParleyPrincipal owner) {
        Bot bot = as(owner, () -> bots.create(BotSettings.defaults("Bot of " + owner.tenantName())));
        KnowledgeDocument doc = as(owner, () -> knowledge.addFile(bot.id(), "notes.txt", 20,
                new ByteArrayInputStream("Opening hours: 9-17.".getBytes(StandardCharsets.UTF_8)), false));
        UUID conversation = UUID.randomUUID();
        UUID question = UUID.randomUUID();
        UUID answer = UUID.randomUUID();
        inTenant(owner, db -> {
            db.sql("INSERT INTO conversations (tenant_id, id, bot_id, visitor_id) VALUES (current_setting('app.tenant_id')::uuid, ?, ?, 'v')")
                    .params(conversation, bot.id()).update();
            db.sql("INSERT INTO messages (tenant_id, id, conversation_id, role, content) VALUES (current_setting('app.tenant_id')::uuid, ?, ?, 'USER', 'Open?')")
                    .params(question, conversation).update();
            db.sql("""
                    INSERT INTO messages (tenant_id, id, conversation_id, role, content, mode, first_token_ms, reply_to)
                    VALUES (current_setting('app.tenant_id')::uuid, ?, ?, 'ASSISTANT', '9-17', 'EXTRACTIVE', 120, ?)""")
                    .params(answer, conversation, question).update();
            db.sql("INSERT INTO feedback (tenant_id, id, message_id, rating) VALUES (current_setting('app.tenant_id')::uuid, ?, ?, 1)")
                    .params(UUID.randomUUID(), answer).update();
            return db.sql("INSERT INTO usage_daily (tenant_id, bot_id, day, messages) VALUES (current_setting('app.tenant_id')::uuid, ?, current_date, 1)")
                    .params(bot.id()).update();
        });
        String key = inTenant(owner, db -> db.sql("SELECT blob_key FROM documents WHERE id = ?").params(doc.id()).query(String.class).single());
        return IntegrationTest.DATA_DIR.resolve("blobs").resolve(key);
    }

    private static final List<String> TABLES = List.of("memberships", "bots", "documents", "conversations", "messages", "feedback",
            "usage_daily", "audit_log", "analytics_daily", "analytics_daily_visitors", "analytics_daily_latency",
            "analytics_daily_questions");

    private Map<String, Long> rowsOf(UUID tenant) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("tenants", countAll("SELECT count(*) FROM tenants WHERE id = ?", tenant));
        for (String table : TABLES) rows.put(table, countAll("SELECT count(*) FROM " + table + " WHERE tenant_id = ?", tenant));
        return rows;
    }

    private String storedName(ParleyPrincipal owner) {
        return inTenant(owner, db -> db.sql("SELECT name FROM tenants").query(String.class).single());
    }
}
