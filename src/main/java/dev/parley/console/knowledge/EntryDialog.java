package dev.parley.console.knowledge;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.parley.console.support.FieldErrors;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.UploadRefused;
import dev.parley.tenancy.InvalidInputException;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * "Paste text" and "Add Q&A": a short field, a long one and a save button. The service validates;
 * its message appears next to the field it names.
 */
class EntryDialog extends Dialog {

    final TextField shortField = new TextField();
    final TextArea longField = new TextArea();
    final Button save = new Button();
    final Div formError = new Div();

    private final FieldErrors errors;

    private EntryDialog(String header, String shortLabel, String shortKey, String longLabel, String longKey, String saveLabel,
                        BiFunction<String, String, KnowledgeDocument> add, Consumer<KnowledgeDocument> added) {
        setHeaderTitle(header);
        setWidth("min(640px, 95vw)");
        shortField.setLabel(shortLabel);
        shortField.setWidthFull();
        longField.setLabel(longLabel);
        longField.setWidthFull();
        longField.setMinHeight("12em");
        longField.setMaxHeight("50vh");
        formError.addClassName("parley-form-error");
        errors = new FieldErrors(formError, Map.of(shortKey, shortField, longKey, longField));
        save.setText(saveLabel);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            errors.clear();
            try {
                KnowledgeDocument doc = add.apply(shortField.getValue(), longField.getValue());
                close();
                added.accept(doc);
            } catch (UploadRefused e) {
                errors.show(InvalidInputException.of(e.field() == null ? "" : e.field(), e.getMessage()));
            }
        });
        add(shortField, longField, formError);
        getFooter().add(new Button("Cancel", click -> close()), save);
        addOpenedChangeListener(opened -> {
            if (opened.isOpened()) shortField.focus();
        });
    }

    static EntryDialog pasteText(BiFunction<String, String, KnowledgeDocument> add, Consumer<KnowledgeDocument> added) {
        EntryDialog dialog = new EntryDialog("Paste text", "Title", "title", "Text", "body", "Add text", add, added);
        dialog.shortField.setPlaceholder("e.g. Returns policy");
        dialog.longField.setHelperText("Plain text or Markdown. Headings (#, ##) become the sections answers cite.");
        return dialog;
    }

    static EntryDialog qa(BiFunction<String, String, KnowledgeDocument> add, Consumer<KnowledgeDocument> added) {
        EntryDialog dialog = new EntryDialog("Add Q&A", "Question", "question", "Answer", "answer", "Add Q&A", add, added);
        dialog.shortField.setPlaceholder("e.g. Do you ship to Norway?");
        dialog.longField.setHelperText("The curated answer. The bot prefers it when a visitor asks this or something close.");
        return dialog;
    }
}
