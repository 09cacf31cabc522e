package dev.parley.tenancy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Good and hostile avatar uploads, made in memory, for the tests of every layer that takes one. */
public final class AvatarImages {

    private AvatarImages() {}

    /** A real image in {@code format} ("png" or "jpeg"): a coloured disc on white. */
    public static byte[] image(String format, int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(color);
        g.fillOval(width / 8, height / 8, width * 3 / 4, height * 3 / 4);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] png(int width, int height) {
        return image("png", width, height, new Color(0x0f766e));
    }

    /** A PNG header claiming width × height pixels, with a few bytes of data: a decompression bomb's shape. */
    public static byte[] pngClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0, 0, 0, 1, 0, 1});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** The first half of a real PNG. */
    public static byte[] truncatedPng() {
        byte[] whole = image("png", 300, 300, new Color(0xb45309));
        return Arrays.copyOf(whole, whole.length / 2);
    }

    public static byte[] svg() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"><script>alert(1)</script><circle r=\"30\"/></svg>"
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] html() {
        return "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>".getBytes(StandardCharsets.UTF_8);
    }

    /** What a file named avatar.png may hold. */
    public static byte[] textNamedPng() {
        return "This is not an image, whatever its name says.\n".getBytes(StandardCharsets.UTF_8);
    }

    /** A valid PNG with an HTML payload after its end: a polyglot. */
    public static byte[] pngWithHtmlTail() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(png(64, 64));
        out.writeBytes(html());
        return out.toByteArray();
    }

    /** Over 1 MB: random pixels do not compress. */
    public static byte[] overOneMegabyte() {
        byte[] bytes = new byte[1024 * 1024 + 10];
        new java.util.Random(7).nextBytes(bytes);
        System.arraycopy(png(8, 8), 0, bytes, 0, 8); // a PNG signature, so only the size refuses it
        return bytes;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
