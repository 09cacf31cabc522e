package dev.parley.knowledge;

/** An upload refused before anything was stored, with the message the user sees. */
public class UploadRefused extends RuntimeException {
    public UploadRefused(String message) {
        super(message);
    }
}
