package dev.parley.tenancy;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an uploaded avatar into the only thing Parley stores and serves: a PNG it encoded itself, at most
 * {@value #SIDE}×{@value #SIDE}. The upload is judged by its content, never by its name or declared type,
 * and its size is read from the header before any pixel is decoded (DD-048).
 */
final class AvatarImage {

    static final int MAX_UPLOAD_BYTES = 1024 * 1024;
    static final int MAX_SOURCE_SIDE = 4096;
    static final int SIDE = 128;

    static final String NOT_AN_IMAGE = "Use a PNG or JPEG image. This file is not one, whatever its name says.";
    static final String TOO_LARGE = "The image is larger than 1 MB. Use a smaller one.";
    static final String TOO_MANY_PIXELS = "The image is larger than 4096 × 4096 pixels. Use a smaller one.";
    static final String UNREADABLE = "The image could not be read: it seems damaged or incomplete.";

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    record Encoded(byte[] png, String version) {}

    private AvatarImage() {}

    /** Reads at most one byte past the limit, so an oversized upload is never held whole. */
    static byte[] readBounded(InputStream upload) {
        try {
            byte[] bytes = upload.readNBytes(MAX_UPLOAD_BYTES + 1);
            if (bytes.length > MAX_UPLOAD_BYTES) throw refused(TOO_LARGE);
            return bytes;
        } catch (IOException e) {
            throw refused("The upload was interrupted. Try again.");
        }
    }

    static Encoded encode(byte[] upload) {
        if (upload.length > MAX_UPLOAD_BYTES) throw refused(TOO_LARGE);
        String format = startsWith(upload, PNG) ? "png" : startsWith(upload, JPEG) ? "jpeg" : null;
        if (format == null) throw refused(NOT_AN_IMAGE);
        BufferedImage decoded = decode(upload, format);
        return png(fit(decoded));
    }

    private static BufferedImage decode(byte[] upload, String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) throw new IllegalStateException("No " + format + " reader in this JDK");
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            reader.setInput(in, true, true); // seek forward only, ignore metadata
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            // Checked on the header, before decoding: a tiny file can claim a gigapixel canvas.
            if (width > MAX_SOURCE_SIDE || height > MAX_SOURCE_SIDE) throw refused(TOO_MANY_PIXELS);
            if (width < 1 || height < 1) throw refused(UNREADABLE);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException refusal) throw refusal;
            throw refused(UNREADABLE); // truncated, corrupt, or a format variant the reader cannot handle
        } finally {
            reader.dispose();
        }
    }

    /** Scaled down to fit SIDE×SIDE, keeping its proportions, in halving steps so a big photo does not alias. */
    private static BufferedImage fit(BufferedImage source) {
        double scale = Math.min(1.0, (double) SIDE / Math.max(source.getWidth(), source.getHeight()));
        int targetW = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int targetH = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        do {
            w = Math.max(targetW, w / 2);
            h = Math.max(targetH, h / 2);
            current = draw(current, w, h);
        } while (w != targetW || h != targetH);
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Encoded png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            byte[] png = out.toByteArray();
            String version = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png), 0, 8);
            return new Encoded(png, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        if (bytes.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (bytes[i] != magic[i]) return false;
        return true;
    }

    private static InvalidInputException refused(String message) {
        return InvalidInputException.of("avatar", message);
    }
}
