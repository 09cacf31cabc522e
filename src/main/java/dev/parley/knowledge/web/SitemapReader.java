package dev.parley.knowledge.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Sitemaps (urlset and sitemap index, XML or plain text, optionally gzip'd) read as a stream:
 * memory holds at most {@code keep} URLs however many entries there are, DTDs and external
 * entities are off (no XXE), and gunzip stops at a size cap (no zip bomb). Only URLs on the
 * sitemap's own host count, as the sitemap protocol requires.
 */
public final class SitemapReader {

    /** Pages and child sitemaps kept (in order), and how many same-host entries the file listed. */
    public record Result(boolean index, List<URI> pages, List<URI> sitemaps, long listed, long ignored) {}

    private SitemapReader() {}

    public static Result read(byte[] body, URI sitemapUrl, int keep, long maxBytes) throws FetchFailure {
        try (InputStream in = open(body, maxBytes)) {
            in.mark(8192);
            int first;
            int skipped = 0;
            do first = in.read(); while (++skipped < 8000 && (first == ' ' || first == '\n' || first == '\r' || first == '\t' || first == 0xEF
                    || first == 0xBB || first == 0xBF));
            in.reset();
            return first == '<' ? xml(in, sitemapUrl, keep) : text(in, sitemapUrl, keep);
        } catch (Capped e) {
            throw FetchFailure.failed("The sitemap is larger than " + maxBytes / (1024 * 1024) + " MB when unpacked.");
        } catch (IOException e) {
            throw FetchFailure.failed("The sitemap could not be read (" + e.getMessage() + ").");
        }
    }

    private static InputStream open(byte[] body, long maxBytes) throws IOException {
        InputStream raw = new ByteArrayInputStream(body);
        boolean gzip = body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
        InputStream in = new CappedStream(gzip ? new GZIPInputStream(raw, 8192) : raw, maxBytes);
        return new java.io.BufferedInputStream(in, 8192);
    }

    private static Result xml(InputStream in, URI sitemapUrl, int keep) throws FetchFailure, IOException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Collector collector = new Collector(sitemapUrl, keep);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(in);
            String parent = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event != XMLStreamConstants.START_ELEMENT) continue;
                String name = reader.getLocalName();
                switch (name) {
                    case "sitemapindex" -> collector.index = true;
                    case "url", "sitemap" -> parent = name;
                    case "loc" -> collector.add(reader.getElementText(), "sitemap".equals(parent));
                    default -> { }
                }
            }
        } catch (XMLStreamException e) {
            if (e.getNestedException() instanceof Capped capped) throw capped;
            throw FetchFailure.failed("The sitemap is not valid sitemap XML (" + firstLine(e.getMessage()) + ").");
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
        return collector.result();
    }

    // The protocol's plain-text form: one URL per line.
    private static Result text(InputStream in, URI sitemapUrl, int keep) throws IOException {
        Collector collector = new Collector(sitemapUrl, keep);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank()) collector.add(line, false);
        }
        return collector.result();
    }

    private static final class Collector {
        final URI sitemapUrl;
        final int keep;
        boolean index;
        final List<URI> pages = new ArrayList<>();
        final List<URI> sitemaps = new ArrayList<>();
        long listed;
        long ignored;

        Collector(URI sitemapUrl, int keep) {
            this.sitemapUrl = sitemapUrl;
            this.keep = keep;
        }

        void add(String loc, boolean isSitemap) {
            Optional<URI> url = loc.length() > WebUrls.MAX_LENGTH ? Optional.empty() : parse(loc.strip());
            if (url.isEmpty() || !WebUrls.sameHost(url.get(), sitemapUrl)) {
                ignored++;
                return;
            }
            if (isSitemap || index) {
                if (sitemaps.size() < keep) sitemaps.add(url.get());
                return;
            }
            listed++;
            if (pages.size() < keep) pages.add(url.get());
        }

        Result result() {
            return new Result(index, List.copyOf(pages), List.copyOf(sitemaps), listed, ignored);
        }

        private static Optional<URI> parse(String loc) {
            try {
                return Optional.of(WebUrls.normalize(loc));
            } catch (FetchFailure e) {
                return Optional.empty();
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "malformed";
        String line = message.strip().lines().reduce((a, b) -> b).orElse("malformed");
        return line.length() > 160 ? line.substring(0, 159) + "…" : line;
    }

    /** Thrown when more than the cap was read. */
    private static final class Capped extends IOException {
        Capped() {
            super("too large");
        }
    }

    private static final class CappedStream extends FilterInputStream {
        private final long max;
        private long count;

        CappedStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) throw new Capped();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (count += n) > max) throw new Capped();
            return n;
        }
    }
}
