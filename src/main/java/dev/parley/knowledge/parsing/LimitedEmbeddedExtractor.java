package dev.parley.knowledge.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.tika.exception.CorruptedFileException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.DelegatingParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.EmbeddedContentHandler;
import org.apache.tika.sax.XHTMLContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Reads documents inside documents (attachments, objects in a DOCX, archive entries) only to a
 * nesting depth and up to a count, so a file of nested archives cannot multiply the work.
 *
 * <p>Like Tika's ParsingEmbeddedDocumentExtractor, a broken or encrypted embedded document is
 * skipped and does not fail its container, with one exception: Tika's zip bomb check fires inside
 * an embedded document as an exception Tika would swallow there, so it is remembered here and
 * fails the whole file.
 */
final class LimitedEmbeddedExtractor implements EmbeddedDocumentExtractor {

    private static final DelegatingParser PARSER = new DelegatingParser();

    private final ParseContext context;
    private final int maxDepth;
    private final int maxCount;
    private int depth;
    private int count;
    private TikaException bomb;

    LimitedEmbeddedExtractor(ParseContext context, int maxDepth, int maxCount) {
        this.context = context;
        this.maxDepth = maxDepth;
        this.maxCount = maxCount;
    }

    /** 0 while the file itself is read, 1 inside an embedded document, and so on. */
    int depth() {
        return depth;
    }

    /** The zip bomb found inside an embedded document, if any. */
    TikaException bomb() {
        return bomb;
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
        return depth < maxDepth && count < maxCount;
    }

    @Override
    public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
            throws SAXException, IOException {
        if (!shouldParseEmbedded(metadata)) return;
        count++;
        depth++;
        if (outputHtml) {
            AttributesImpl attributes = new AttributesImpl();
            attributes.addAttribute("", "class", "class", "CDATA", "package-entry");
            handler.startElement(XHTMLContentHandler.XHTML, "div", "div", attributes);
        }
        try (TemporaryResources tmp = new TemporaryResources()) {
            TikaInputStream in = TikaInputStream.get(CloseShieldInputStream.wrap(stream), tmp, metadata);
            if (stream instanceof TikaInputStream outer && outer.getOpenContainer() != null) {
                in.setOpenContainer(outer.getOpenContainer(), outer.getLength());
            }
            PARSER.parse(in, new EmbeddedContentHandler(new BodyContentHandler(handler)), metadata, context);
        } catch (CorruptedFileException e) {
            throw new IOException(e); // as Tika does: stops loops on some corrupt containers
        } catch (TikaException e) {
            if (isBomb(e)) {
                bomb = e;
                throw new SAXException(e);
            }
            // a broken or encrypted attachment is skipped; its container is still read
        } finally {
            depth--;
        }
        if (outputHtml) handler.endElement(XHTMLContentHandler.XHTML, "div", "div");
    }

    static boolean isBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("zip bomb")) return true;
        }
        return false;
    }
}
