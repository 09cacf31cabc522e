package dev.parley.knowledge.parsing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * DOCX, PPTX, XLSX, ODT and EPUB are ZIP archives. Their directory says how large each entry
 * inflates; an entry that inflates more than {@link #MAX_RATIO}-fold to more than
 * {@link #MIN_SUSPICIOUS} bytes is a compression bomb, refused before any parser inflates it.
 *
 * <p>Needed because Tika switches POI's own ratio check off and measures text out against bytes
 * in instead, which the write limit stops long before. An archive that lies in its directory
 * passes here and is still bounded by the write limit, the worker's heap and the timeout.
 */
final class ArchiveCheck {

    static final long MAX_RATIO = 100;
    static final long MIN_SUSPICIOUS = 10L << 20;
    static final long MAX_TOTAL = 1L << 30;
    static final int MAX_ENTRIES = 10_000;

    private ArchiveCheck() {}

    static void require(Path file) throws ParseFailure {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long total = 0;
            int entries = 0;
            for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
                ZipEntry entry = it.nextElement();
                long size = Math.max(0, entry.getSize());
                long compressed = Math.max(1, entry.getCompressedSize());
                total += size;
                if (++entries > MAX_ENTRIES || total > MAX_TOTAL || (size > MIN_SUSPICIOUS && size > compressed * MAX_RATIO)) {
                    throw bomb();
                }
            }
        } catch (IOException e) {
            // not readable as a ZIP here: the parser reports the damage in its own words
        }
    }

    static ParseFailure bomb() {
        return new ParseFailure("The file expands to far more data than its size (a possible compression bomb), so it was not read.", true);
    }
}
