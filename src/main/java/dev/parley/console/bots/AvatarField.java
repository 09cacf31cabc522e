package dev.parley.console.bots;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.server.streams.UploadEvent;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The bot's avatar in the widget header: upload (saved at once, re-encoded by the bot service), a
 * preview of the current one, and Remove (back to the initial). Refusals show under the upload.
 */
class AvatarField extends Div {

    static final int MAX_BYTES = 1024 * 1024;

    final Upload upload = new Upload();
    final Image image = new Image();
    final Span initial = new Span();
    final Button remove = new Button("Remove");
    final Div error = new Div();

    private final BotService bots;
    private final Consumer<Bot> changed;
    private volatile UUID botId; // read by the upload handler, which runs outside the UI lock

    AvatarField(BotService bots, Consumer<Bot> changed) {
        this.bots = bots;
        this.changed = changed;
        addClassName("parley-avatar-field");
        Span label = new Span("Avatar");
        label.addClassName("parley-avatar-label");
        image.setAlt("Current avatar");
        image.addClassName("parley-avatar-preview");
        initial.addClassName("parley-avatar-preview");
        initial.getElement().setAttribute("aria-hidden", "true");
        upload.setUploadHandler(this::receive);
        upload.setMaxFiles(1);
        upload.setMaxFileSize(MAX_BYTES);
        upload.setAcceptedFileTypes("image/png", "image/jpeg", ".png", ".jpg", ".jpeg");
        upload.setI18n(i18n());
        upload.addFileRejectedListener(rejected -> showError(rejected.getErrorMessage()));
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        remove.addClickListener(click -> {
            error.setVisible(false);
            Bot bot = bots.removeAvatar(botId);
            show(bot);
            changed.accept(bot);
        });
        error.addClassName("parley-avatar-error");
        error.getElement().setAttribute("role", "alert");
        error.setVisible(false);
        Span hint = new Span("PNG or JPEG, up to 1 MB and 4096 × 4096 pixels; shown at 128 × 128. Saved as soon as it is uploaded.");
        hint.addClassName("parley-hint");
        Div row = new Div(image, initial, upload, remove);
        row.addClassName("parley-avatar-row");
        add(label, row, error, hint);
    }

    void show(Bot bot) {
        botId = bot.id();
        boolean has = bot.avatarVersion() != null;
        byte[] png = has ? bots.avatar(bot.id()).orElse(null) : null;
        image.setVisible(png != null);
        // a data: URL of the few-KB PNG Parley encoded itself: the console shows it even while the bot is switched off
        if (png != null) image.setSrc("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
        initial.setVisible(png == null);
        initial.setText(bot.name().isBlank() ? "?" : bot.name().strip().substring(0, 1).toUpperCase());
        initial.getStyle().set("background", bot.settings().color()).set("color", textOn(bot.settings().color()));
        remove.setVisible(png != null);
    }

    /** Dark or white text, whichever reads better on the bot's colour (#rrggbb, validated on save). */
    static String textOn(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double luminance = 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
        return luminance > 0.179 ? "#1f2026" : "#ffffff";
    }

    private static double channel(int value) {
        double c = (value & 255) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private void receive(UploadEvent event) {
        UI ui = event.getUI();
        try (InputStream in = event.getInputStream()) {
            Bot bot = bots.setAvatar(botId, in);
            ui.access(() -> {
                error.setVisible(false);
                upload.clearFileList();
                show(bot);
                changed.accept(bot);
                Notification.show("Avatar updated.", 3000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            });
        } catch (InvalidInputException refused) {
            String message = refused.fieldErrors().values().iterator().next();
            event.reject(message);
            ui.access(() -> showError(message));
        } catch (IOException e) {
            event.reject("The upload was interrupted.");
            ui.access(() -> showError("The upload was interrupted. Try again."));
        }
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

    private static UploadI18N i18n() {
        return new UploadI18N()
                .setDropFiles(new UploadI18N.DropFiles().setOne("Drop an image here").setMany("Drop an image here"))
                .setAddFiles(new UploadI18N.AddFiles().setOne("Upload image…").setMany("Upload image…"))
                .setError(new UploadI18N.Error()
                        .setIncorrectFileType("Use a PNG or JPEG image.")
                        .setFileIsTooBig("The image is larger than 1 MB. Use a smaller one.")
                        .setTooManyFiles("One image at a time."));
    }
}
