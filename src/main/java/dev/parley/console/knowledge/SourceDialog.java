package dev.parley.console.knowledge;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.parley.console.support.FieldErrors;
import dev.parley.knowledge.KnowledgeSource;
import dev.parley.knowledge.SourceKind;
import dev.parley.knowledge.UploadRefused;
import dev.parley.knowledge.WebSources;
import dev.parley.tenancy.InvalidInputException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** "Add website": a page, a whole site or a sitemap. The service checks the address and limits; its message goes next to the field. */
class SourceDialog extends Dialog {

    final TextField url = new TextField("Web address");
    final Select<SourceKind> kind = new Select<>();
    final IntegerField maxPages = new IntegerField("Max pages");
    final IntegerField maxDepth = new IntegerField("Max link depth");
    final IntegerField resyncHours = new IntegerField("Re-sync every (hours)");
    final Button save = new Button("Add website");
    final Div formError = new Div();

    SourceDialog(WebSources web, UUID botId, Consumer<KnowledgeSource> added) {
        setHeaderTitle("Add website");
        setWidth("min(560px, 95vw)");
        url.setPlaceholder("https://example.com/help");
        url.setWidthFull();
        kind.setLabel("What to add");
        kind.setItems(SourceKind.values());
        kind.setItemLabelGenerator(SourceLabels::kind);
        kind.setValue(SourceKind.PAGE);
        kind.addValueChangeListener(change -> showLimits(change.getValue()));
        maxPages.setValue(100);
        maxPages.setMin(1);
        maxPages.setMax(WebSources.MAX_PAGES);
        maxDepth.setValue(2);
        maxDepth.setMin(0);
        maxDepth.setMax(WebSources.MAX_DEPTH);
        maxDepth.setHelperText("How many links away from the start page.");
        resyncHours.setMin(1);
        resyncHours.setHelperText("Leave empty to never re-sync on its own.");
        formError.addClassName("parley-form-error");
        FieldErrors errors = new FieldErrors(formError,
                Map.of("url", url, "maxPages", maxPages, "maxDepth", maxDepth, "resyncHours", resyncHours));
        showLimits(SourceKind.PAGE);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            errors.clear();
            // An unparsable number arrives as null; the service's range message then explains it.
            int pages = maxPages.getValue() == null ? 0 : maxPages.getValue();
            int depth = maxDepth.getValue() == null ? -1 : maxDepth.getValue();
            try {
                KnowledgeSource source = switch (kind.getValue()) {
                    case PAGE -> web.addPage(botId, url.getValue());
                    case SITE -> web.addSite(botId, url.getValue(), pages, depth, resyncHours.getValue());
                    case SITEMAP -> web.addSitemap(botId, url.getValue(), pages, resyncHours.getValue());
                };
                close();
                added.accept(source);
            } catch (UploadRefused e) {
                errors.show(InvalidInputException.of(e.field() == null ? "" : e.field(), e.getMessage()));
            }
        });
        add(url, kind, maxPages, maxDepth, resyncHours, formError);
        getFooter().add(new Button("Cancel", click -> close()), save);
        addOpenedChangeListener(opened -> {
            if (opened.isOpened()) url.focus();
        });
    }

    private void showLimits(SourceKind k) {
        maxPages.setVisible(k != SourceKind.PAGE);
        maxDepth.setVisible(k == SourceKind.SITE);
        resyncHours.setVisible(k != SourceKind.PAGE);
    }
}
