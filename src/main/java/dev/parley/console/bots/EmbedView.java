package dev.parley.console.bots;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parley.console.support.IconButtons;
import dev.parley.tenancy.AllowedOrigins;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.widget.WidgetInstallations;
import dev.parley.widget.WidgetInstallations.Sighting;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How a bot gets onto a site: the snippet with a copy button, the sites it may load on (each
 * checked by tenancy's AllowedOrigins, the error next to the field), the install check (where it
 * was last seen, and sites that tried without being allowed), and a test page on Parley itself.
 */
@Route("bots/:botId/embed")
@PageTitle("Embed · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
@StyleSheet("context://styles/bots.css")
public class EmbedView extends Div implements BeforeEnterObserver {

    final H2 title = new H2();
    final Div tabsSlot = new Div();
    final Pre snippet = new Pre();
    final Button copy = new Button("Copy snippet", VaadinIcon.COPY_O.create());
    final Div sites = new Div();
    final TextField newSite = new TextField("Add a site");
    final Button addSite = new Button("Add site", VaadinIcon.PLUS.create());
    final Div seen = new Div();
    final Div blocked = new Div();
    final Button refresh = new Button("Check again", VaadinIcon.REFRESH.create());
    final Anchor testPage = new Anchor();

    private final BotService bots;
    private final WidgetInstallations installations;
    private final Clock clock;
    private Bot bot;
    private List<Sighting> sightings = List.of();

    public EmbedView(BotService bots, WidgetInstallations installations) {
        this(bots, installations, Clock.systemUTC());
    }

    EmbedView(BotService bots, WidgetInstallations installations, Clock clock) {
        this.bots = bots;
        this.installations = installations;
        this.clock = clock;
        addClassNames("parley-page", "parley-embed");

        Paragraph snippetLead = lead("Paste this line into your site's HTML, just before </body>, on every page where the chat "
                + "should appear. It never needs changing: new Parley versions reach your site by themselves.");
        snippet.addClassName("parley-snippet");
        copy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // Copies in the click itself (the Clipboard API wants a user gesture), then tells the server how it went.
        copy.getElement().executeJs("""
                this.addEventListener('click', () => {
                  const done = (ok) => this.dispatchEvent(new CustomEvent(ok ? 'parley-copied' : 'parley-copy-failed'));
                  if (!navigator.clipboard) return done(false);
                  navigator.clipboard.writeText(this.dataset.snippet).then(() => done(true), () => done(false));
                });""");
        copy.getElement().addEventListener("parley-copied", e -> notify("Snippet copied. Paste it into your site.", true));
        copy.getElement().addEventListener("parley-copy-failed",
                e -> notify("The browser did not allow copying: select the snippet and press Ctrl+C (⌘C on a Mac).", false));

        Paragraph sitesLead = lead("The widget loads only on these sites. Enter an origin: https://, the host name and, "
                + "if not the default, a port. https://*.example.com covers every subdomain of example.com.");
        sites.addClassName("parley-site-list");
        newSite.setPlaceholder("https://www.example.com");
        newSite.setClearButtonVisible(true);
        newSite.setManualValidation(true);
        newSite.setWidth("min(100%, 26rem)");
        newSite.addValueChangeListener(change -> validateNewSite());
        newSite.addKeyPressListener(Key.ENTER, e -> allow(newSite.getValue()));
        addSite.addClickListener(click -> allow(newSite.getValue()));
        HorizontalLayout addRow = new HorizontalLayout(newSite, addSite);
        addRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        addRow.addClassName("parley-add-site");

        Paragraph checkLead = lead("Where the widget has been opened. A site shows up here once a visitor (or you) opens the "
                + "chat on one of its pages; the loader itself makes no request until then.");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        refresh.addClickListener(click -> showAll());
        seen.addClassName("parley-sightings");
        blocked.addClassName("parley-sightings");

        testPage.setText("Open the test page");
        testPage.setTarget(AnchorTarget.BLANK);
        testPage.addClassName("parley-test-link");
        Paragraph testLead = lead("A page on Parley that embeds this bot as your site will, to try it before (or after) you "
                + "install it. Only members of your workspace can open it; its conversations are real ones.");

        add(title, tabsSlot,
                new H3("Snippet"), snippetLead, snippet, copy,
                new H3("Allowed sites"), sitesLead, sites, addRow,
                new H3("Install check"), checkLead, seen, blocked, refresh,
                new H3("Test page"), testLead, testPage);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Bot> found = event.getRouteParameters().get("botId").flatMap(EmbedView::uuid).flatMap(bots::find);
        if (found.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such bot.");
            return;
        }
        bot = found.get();
        title.setText(bot.name());
        tabsSlot.removeAll();
        tabsSlot.add(new BotTabs(bot.id(), EmbedView.class));
        String text = installations.snippet(bot.publicKey());
        snippet.setText(text);
        copy.getElement().setAttribute("data-snippet", text);
        testPage.setHref(BotPages.TEST + bot.id());
        showAll();
    }

    /** The sites and the install check, from the latest sightings. */
    private void showAll() {
        sightings = installations.sightings(bot.id());
        showSites();
        showInstallCheck();
    }

    private void showSites() {
        sites.removeAll();
        List<String> allowed = bot.settings().allowedOrigins();
        if (allowed.isEmpty()) {
            Paragraph empty = new Paragraph("No sites yet: the widget loads nowhere until you add your site's address below.");
            empty.addClassName("parley-hint");
            sites.add(empty);
        }
        for (String origin : allowed) {
            Span name = new Span(origin);
            name.addClassName("parley-site-origin");
            Span status = new Span(lastSeenOn(origin).map(at -> "Seen " + Ago.of(at, clock.instant())).orElse("Not seen yet"));
            status.addClassName("parley-secondary");
            Div row = new Div(name, status, IconButtons.of(VaadinIcon.TRASH, "Remove " + origin, () -> confirmRemove(origin)));
            row.addClassName("parley-site-row");
            sites.add(row);
        }
    }

    private void showInstallCheck() {
        Instant now = clock.instant();
        seen.removeAll();
        List<Sighting> served = sightings.stream().filter(s -> s.lastAllowedAt() != null)
                .sorted(Comparator.comparing(Sighting::lastAllowedAt).reversed()).toList();
        if (served.isEmpty()) {
            Paragraph empty = new Paragraph("Not seen on any site yet. Paste the snippet into a page of an allowed site, open "
                    + "that page and click the chat button: the site appears here.");
            empty.addClassName("parley-hint");
            seen.add(empty);
        }
        for (Sighting s : served) {
            Span line = new Span("Seen on " + s.origin() + " " + Ago.of(s.lastAllowedAt(), now));
            line.getElement().setAttribute("title", s.lastAllowedAt().toString());
            Div row = new Div(VaadinIcon.CHECK_CIRCLE.create(), line);
            row.addClassNames("parley-sighting", "parley-sighting-ok");
            seen.add(row);
        }

        blocked.removeAll();
        List<Sighting> refused = sightings.stream().filter(s -> s.lastDeniedAt() != null)
                .filter(s -> !AllowedOrigins.matches(bot.settings().allowedOrigins(), s.origin()))
                .sorted(Comparator.comparing(Sighting::lastDeniedAt).reversed()).toList();
        if (!refused.isEmpty()) {
            Paragraph head = new Paragraph("These sites tried to load the widget but are not allowed. If one is yours, allow it:");
            head.addClassName("parley-hint");
            blocked.add(head);
        }
        for (Sighting s : refused) {
            Span line = new Span("Refused on " + s.origin() + " " + Ago.of(s.lastDeniedAt(), now));
            line.getElement().setAttribute("title", s.lastDeniedAt().toString());
            Button allow = new Button("Allow", click -> allow(s.origin()));
            allow.addThemeVariants(ButtonVariant.LUMO_SMALL);
            allow.setAriaLabel("Allow " + s.origin());
            Div row = new Div(VaadinIcon.BAN.create(), line, allow);
            row.addClassNames("parley-sighting", "parley-sighting-refused");
            blocked.add(row);
        }
        blocked.setVisible(!refused.isEmpty());
    }

    /** The latest time the widget was served on a site this entry covers (a wildcard covers several). */
    private Optional<Instant> lastSeenOn(String entry) {
        return sightings.stream().filter(s -> s.lastAllowedAt() != null)
                .filter(s -> AllowedOrigins.matches(List.of(entry), s.origin()))
                .map(Sighting::lastAllowedAt).max(Comparator.naturalOrder());
    }

    private boolean validateNewSite() {
        newSite.setInvalid(false);
        String value = newSite.getValue().strip();
        if (value.isEmpty()) return false;
        try {
            List<String> parsed = AllowedOrigins.parse(List.of(value));
            if (bot.settings().allowedOrigins().contains(parsed.getFirst())) {
                return invalid(parsed.getFirst() + " is already in the list.");
            }
            return true;
        } catch (InvalidInputException e) {
            return invalid(e.fieldErrors().values().iterator().next());
        }
    }

    private boolean invalid(String message) {
        newSite.setErrorMessage(message);
        newSite.setInvalid(true);
        return false;
    }

    void allow(String origin) {
        if (origin == null || origin.isBlank()) {
            invalid("Type a site's address, e.g. https://www.example.com.");
            return;
        }
        boolean typed = Objects.equals(origin, newSite.getValue());
        if (typed && !validateNewSite()) return;
        List<String> next = new ArrayList<>(bot.settings().allowedOrigins());
        next.add(origin.strip());
        if (save(next, typed)) {
            if (typed) newSite.clear();
            newSite.setInvalid(false);
            notify("The widget may now load on " + bot.settings().allowedOrigins().getLast() + ".", true);
        }
    }

    private void confirmRemove(String origin) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Remove " + origin + "?");
        dialog.setText("The widget stops loading on this site at once. Visitors there lose the chat.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Remove site");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(confirm -> {
            List<String> next = new ArrayList<>(bot.settings().allowedOrigins());
            next.remove(origin);
            if (save(next, false)) notify("Removed " + origin + ".", true);
        });
        dialog.open();
    }

    private boolean save(List<String> origins, boolean errorsOnField) {
        BotSettings s = bot.settings();
        try {
            bot = bots.update(bot.id(), new BotSettings(s.name(), s.persona(), s.welcomeMessage(), s.starterQuestions(), s.color(),
                    s.position(), s.language(), origins, s.theme()));
            showAll();
            return true;
        } catch (InvalidInputException e) {
            String message = String.join(" ", e.fieldErrors().values());
            if (errorsOnField) invalid(message);
            else notify(message, false);
            return false;
        }
    }

    private static Paragraph lead(String text) {
        Paragraph p = new Paragraph(text);
        p.addClassName("parley-hint");
        return p;
    }

    private static void notify(String text, boolean success) {
        Notification.show(text, 4000, Notification.Position.BOTTOM_START)
                .addThemeVariants(success ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
