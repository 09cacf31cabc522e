package dev.parley.knowledge.parsing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.DefaultHtmlMapper;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.SAXException;

/**
 * Tika with Parley's limits, in whatever process calls it (the parse worker child): type check,
 * text capped at {@code maxChars}, streaming DOCX/PPTX readers, embedded documents bounded, Tika's
 * compression-ratio (zip bomb) check kept, no OCR, and failures worded for the user.
 */
final class TikaExtractor {

    private static final TikaConfig CONFIG = TikaConfig.getDefaultConfig();

    /** Keeps HTML ids, which Tika drops by default, so citations can link to #anchors. */
    private static final HtmlMapper KEEP_IDS = new DefaultHtmlMapper() {
        @Override
        public String mapSafeAttribute(String elementName, String attributeName) {
            return "id".equals(attributeName) ? "id" : super.mapSafeAttribute(elementName, attributeName);
        }
    };

    /** The result, and whether the text was cut at the limit. */
    record Extracted(ParsedDocument document, boolean truncated) {}

    private TikaExtractor() {}

    static Extracted extract(Path file, String expectedMime, ParseLimits limits) throws ParseFailure {
        MediaType type = TypeCheck.require(file, expectedMime, CONFIG);
        boolean pdf = type.equals(MediaType.application("pdf"));
        if (!type.getType().equals("text") && !pdf) ArchiveCheck.require(file); // every other accepted type is a ZIP
        AutoDetectParser parser = new AutoDetectParser(CONFIG);
        ParseContext context = context(parser);
        LimitedEmbeddedExtractor embedded = new LimitedEmbeddedExtractor(context, limits.maxEmbeddedDepth(), limits.maxEmbeddedCount());
        context.set(EmbeddedDocumentExtractor.class, embedded);
        SectionHandler sections = new SectionHandler(pdf ? PdfOutline.read(file) : List.of(), embedded::depth);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, expectedMime); // the same hint the type check had (CSV in Latin-1 looks binary)
        boolean truncated = false;
        ParseFailure failure = null;
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            parser.parse(in, new WriteOutContentHandler(sections, limits.maxChars(), true, context), metadata, context);
        } catch (IOException | SAXException | TikaException | RuntimeException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) truncated = true; // keep what fits
            else failure = failure(e, expectedMime);
        } catch (StackOverflowError e) {
            failure = new ParseFailure("The file is nested too deeply to be read.", true);
        }
        if (embedded.bomb() != null) throw failure(embedded.bomb(), expectedMime);
        if (failure != null) throw failure;
        sections.finish();
        if (sections.sections().isEmpty()) {
            throw new ParseFailure(pdf ? "The PDF has no extractable text: it may be scanned pages, and Parley does not "
                    + "recognise text in images (OCR)." : "The file has no extractable text.", true);
        }
        String title = metadata.get(TikaCoreProperties.TITLE);
        title = title == null || title.isBlank() ? null : SectionHandler.normalize(title);
        if (title != null && title.length() > 500) title = title.substring(0, 500);
        return new Extracted(new ParsedDocument(title, sections.sections()), truncated);
    }

    private static ParseContext context(Parser parser) {
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        context.set(HtmlMapper.class, KEEP_IDS);
        OfficeParserConfig office = new OfficeParserConfig();
        // Streaming readers: the DOM readers hold a whole document.xml, which a 1 GB one exhausts
        // any heap with, write limit or not.
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        office.setExtractMacros(false);
        office.setIncludeDeletedContent(false);
        context.set(OfficeParserConfig.class, office);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        pdf.setExtractBookmarksText(false); // the outline becomes heading paths instead
        context.set(PDFParserConfig.class, pdf);
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        return context;
    }

    /** The user's reason for an exception from Tika or the libraries below it. */
    static ParseFailure failure(Throwable e, String expectedMime) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof EncryptedDocumentException || t instanceof org.apache.poi.EncryptedDocumentException
                    || message.contains("password") || message.contains("encrypted")) {
                return new ParseFailure("The file is password-protected. Remove the password and upload it again.", true, e);
            }
            if (message.contains("zip bomb")) return ArchiveCheck.bomb();
            if (message.contains("doctype") || message.contains("entity") || message.contains("entities")) {
                return new ParseFailure("The file contains XML declarations Parley does not read (DOCTYPE or entities), "
                        + "so it was not read.", true, e);
            }
        }
        return new ParseFailure("The file could not be read: it seems damaged or is not a valid " + bare(expectedMime) + ".", true, e);
    }

    private static String bare(String mime) {
        String name = TypeCheck.nameOf(mime);
        return name.substring(name.indexOf(' ') + 1);
    }
}
