package dev.parley.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.RouterLink;
import dev.parley.console.ConsoleTest;
import dev.parley.console.support.TimeChart;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DashboardViewTest extends ConsoleTest {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Autowired BotService bots;

    @Test
    void aQuietWorkspaceSaysWhatToDoNext() {
        ParleyPrincipal owner = newWorkspace("Quiet Co");
        BrowserlessUIContext browser = window(owner);
        DashboardView view = browser.navigate(DashboardView.class);

        assertThat(view.range.getValue()).isEqualTo(DashboardView.Range.LAST_30);
        assertThat(view.charts).isEmpty();
        assertThat(browser.find(Paragraph.class).from(view.results).all()).extracting(Paragraph::getText)
                .anySatisfy(text -> assertThat(text).isEqualTo("No conversations in this range yet."));
        assertThat(browser.find(RouterLink.class).from(view.results).all()).extracting(RouterLink::getText)
                .containsExactly("Embed a bot on your site", "ask a test question");
    }

    @Test
    void trafficIsDrawnPerDayAndFollowsTheBotAndRangeChosen() {
        ParleyPrincipal owner = newWorkspace("Busy Co");
        Bot shop = as(owner, () -> bots.create(BotSettings.defaults("Shop helper")));
        Bot quiet = as(owner, () -> bots.create(BotSettings.defaults("Quiet helper")));
        chat(owner, shop.id(), 2, "Where is my order?");
        chat(owner, shop.id(), 0, "Where is my order?");
        BrowserlessUIContext browser = window(owner);
        DashboardView view = browser.navigate(DashboardView.class);

        assertThat(view.charts).hasSize(5);
        TimeChart.Spec traffic = view.charts.getFirst().spec();
        assertThat(traffic.labels()).hasSize(30).endsWith(DashboardCharts.DAY.format(TODAY));
        assertThat(traffic.series().getFirst().name()).isEqualTo("Conversations");
        assertThat(traffic.series().getFirst().values()).hasSize(30);
        assertThat(traffic.series().getFirst().values().get(27)).isEqualTo(1L);
        assertThat(traffic.series().getFirst().values().get(29)).isEqualTo(1L);
        assertThat(view.shown.totals().questions()).isEqualTo(2);
        assertThat(view.topQuestions.getListDataView().getItems().toList())
                .containsExactly(new dev.parley.analytics.Dashboard.TopQuestion("Where is my order?", 2, 0));

        browser.test(view.range).selectItem("Last 7 days");
        assertThat(view.charts.getFirst().spec().labels()).hasSize(7);
        assertThat(view.from.getValue()).isEqualTo(TODAY.minusDays(6));

        view.bot.setValue(Optional.of(quiet));
        assertThat(view.charts).isEmpty();
        assertThat(view.shown.isEmpty()).isTrue();
        view.bot.setValue(Optional.of(shop));
        assertThat(view.shown.totals().conversations()).isEqualTo(2);
    }

    @Test
    void aRangeThatStartsAfterItEndsIsShownNextToTheFirstDay() {
        ParleyPrincipal owner = newWorkspace("Range Co");
        Bot shop = as(owner, () -> bots.create(BotSettings.defaults("Shop helper")));
        chat(owner, shop.id(), 0, "Hello?");
        BrowserlessUIContext browser = window(owner);
        DashboardView view = browser.navigate(DashboardView.class);
        assertThat(view.charts).hasSize(5);

        view.from.setValue(TODAY);
        view.to.setValue(TODAY.minusDays(3));

        assertThat(view.range.getValue()).isEqualTo(DashboardView.Range.CUSTOM);
        assertThat(view.from.isInvalid()).isTrue();
        assertThat(view.from.getErrorMessage()).isEqualTo("The first day is after the last day.");
        assertThat(view.charts).isEmpty();
        assertThat(view.results.getChildren().toList()).isEmpty();

        view.to.setValue(TODAY);
        assertThat(view.from.isInvalid()).isFalse();
        assertThat(view.charts.getFirst().spec().labels()).containsExactly(DashboardCharts.DAY.format(TODAY));
    }

    /** One conversation {@code daysAgo} with one question, written as the chat writes them. */
    private void chat(ParleyPrincipal owner, UUID bot, int daysAgo, String question) {
        UUID conversation = UUID.randomUUID();
        inTenant(owner, db -> {
            db.sql("""
                    INSERT INTO conversations (tenant_id, id, bot_id, visitor_id, started_at)
                    VALUES (current_setting('app.tenant_id')::uuid, ?, ?, ?, now() - ? * interval '1 day')""")
                    .params(conversation, bot, "visitor-" + conversation, daysAgo).update();
            return db.sql("""
                    INSERT INTO messages (tenant_id, id, conversation_id, role, content, created_at)
                    SELECT tenant_id, ?, id, 'USER', ?, started_at FROM conversations WHERE id = ?""")
                    .params(UUID.randomUUID(), question, conversation).update();
        });
    }
}
