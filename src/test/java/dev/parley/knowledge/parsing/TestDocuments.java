package dev.parley.knowledge.parsing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDXFAResource;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Files for parser tests, made at run time (no binaries in the repository): small well-formed
 * documents of every accepted type, and hostile ones (bombs, entity expansion, XXE, lies about type).
 */
public final class TestDocuments {

    public static final Path DEBIAN_PDF = Path.of("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf");
    static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private TestDocuments() {}

    // ---- well-formed documents

    /** Title "Staff handbook"; "Holidays" (h1) › "Carry over" (h2); a table. */
    public static byte[] docx() {
        return docx(docxBody("""
                <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Holidays</w:t></w:r></w:p>
                <w:p><w:r><w:t>Staff get 25 days of paid holiday each year.</w:t></w:r></w:p>
                <w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Carry over</w:t></w:r></w:p>
                <w:p><w:r><w:t>Up to five unused days carry over to the next year.</w:t></w:r></w:p>
                <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Grade</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Days</w:t></w:r></w:p></w:tc></w:tr>
                <w:tr><w:tc><w:p><w:r><w:t>Senior</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>30</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
                """), Map.of());
    }

    static String docxBody(String paragraphs) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"" + W + "\"><w:body>" + paragraphs + "</w:body></w:document>";
    }

    /** A DOCX with the given document.xml and extra parts (name → bytes), each extra part linked as a package. */
    public static byte[] docx(String documentXml, Map<String, byte[]> embedded) {
        StringBuilder types = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Default Extension="zip" ContentType="application/zip"/>\
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
                <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>""");
        StringBuilder rels = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""");
        int id = 10;
        for (String name : embedded.keySet()) {
            rels.append("<Relationship Id=\"rId").append(id++).append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/package\" Target=\"embeddings/")
                    .append(name).append("\"/>");
        }
        rels.append("</Relationships>");
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", utf8(types.toString()));
        parts.put("_rels/.rels", utf8("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"""));
        parts.put("docProps/core.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Staff handbook</dc:title></cp:coreProperties>"""));
        parts.put("word/_rels/document.xml.rels", utf8(rels.toString()));
        parts.put("word/styles.xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"" + W + "\">"
                + "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>"
                + "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style></w:styles>"));
        parts.put("word/document.xml", utf8(documentXml));
        embedded.forEach((name, bytes) -> parts.put("word/embeddings/" + name, bytes));
        return zip(parts);
    }

    /** Two slides with titles and bodies. */
    public static byte[] pptx() {
        try (XMLSlideShow show = new XMLSlideShow(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var layout = show.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT);
            String[][] slides = {{"Opening hours", "The shop opens at nine on weekdays."}, {"Returns", "Returns are accepted within 30 days."}};
            for (String[] s : slides) {
                var slide = show.createSlide(layout);
                slide.getPlaceholder(0).setText(s[0]);
                slide.getPlaceholder(1).setText(s[1]);
            }
            show.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sheet "Prices" with a header row and two plans. */
    public static byte[] xlsx() {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet("Prices");
            String[][] rows = {{"Plan", "Monthly price"}, {"Basic", "9 euros"}, {"Team", "29 euros"}};
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) row.createCell(c).setCellValue(rows[r][c]);
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "Travel" (h1) › "Expenses" (h2). */
    public static byte[] odt() {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("mimetype", utf8("application/vnd.oasis.opendocument.text"));
        parts.put("META-INF/manifest.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">\
                <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>\
                <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"""));
        parts.put("content.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
                xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>\
                <text:h text:outline-level="1">Travel</text:h><text:p>Book trains at least two weeks early.</text:p>\
                <text:h text:outline-level="2">Expenses</text:h><text:p>Keep every receipt and submit them monthly.</text:p>\
                </office:text></office:body></office:document-content>"""));
        return zip(parts);
    }

    /** Title "Field guide"; chapter with "Birds" (h1, id birds) › "Owls" (h2, id owls). */
    public static byte[] epub() {
        return epub("""
                <?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Birds</title></head>\
                <body><h1 id="birds">Birds</h1><p>Robins sing at dawn in the garden.</p>\
                <h2 id="owls">Owls</h2><p>Owls hunt at night and sleep by day.</p></body></html>""");
    }

    static byte[] epub(String chapter) {
        Map<String, byte[]> parts = epubFrame();
        parts.put("OEBPS/c1.xhtml", utf8(chapter));
        return zip(parts);
    }

    /** An EPUB with an archive among its resources. */
    public static byte[] epubWith(String archiveName, byte[] archive) {
        Map<String, byte[]> parts = epubFrame();
        parts.put("OEBPS/c1.xhtml", unzipQuietly(epub()).get("OEBPS/c1.xhtml"));
        parts.put("OEBPS/" + archiveName, archive);
        parts.put("OEBPS/content.opf", utf8(new String(parts.get("OEBPS/content.opf"), StandardCharsets.UTF_8).replace("</manifest>",
                "<item id=\"z\" href=\"" + archiveName + "\" media-type=\"application/zip\"/></manifest>")));
        return zip(parts);
    }

    private static Map<String, byte[]> unzipQuietly(byte[] zip) {
        try {
            return unzip(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> epubFrame() {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("mimetype", utf8("application/epub+zip"));
        parts.put("META-INF/container.xml", utf8("""
                <?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\
                <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"""));
        parts.put("OEBPS/content.opf", utf8("""
                <?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">\
                <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">field-guide</dc:identifier>\
                <dc:title>Field guide</dc:title><dc:language>en</dc:language></metadata>\
                <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>"""));
        return parts;
    }

    /** Title "Help centre"; ids on and just before headings. */
    public static byte[] html() {
        return utf8("""
                <!DOCTYPE html><html><head><title>Help centre</title><script>var tracking = 1;</script></head><body>
                <h1 id="start">Getting started</h1><p>Create an account with your work e-mail address.</p>
                <a id="refunds"></a><h2>Refunds</h2><p>Refunds are paid to the original card within five days.</p>
                <ul><li>Keep the receipt.</li><li>Contact support.</li></ul></body></html>""");
    }

    /** A copy of a real, multi-page PDF with an outline that nobody here wrote. */
    public static Path realPdf(Path dir) throws IOException {
        return Files.copy(DEBIAN_PDF, dir.resolve("spec.pdf"));
    }

    // ---- hostile or broken files

    public static byte[] corruptPdf() {
        byte[] bytes = new byte[20_000];
        new java.util.Random(42).nextBytes(bytes);
        byte[] header = utf8("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n");
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    public static byte[] encryptedPdf() throws IOException {
        try (PDDocument doc = textPdf("Quarterly figures are confidential.")) {
            var policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            return save(doc);
        }
    }

    /** One page holding only a picture of text: nothing to extract without OCR. */
    public static byte[] imageOnlyPdf() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            BufferedImage image = new BufferedImage(400, 100, BufferedImage.TYPE_INT_RGB);
            var g = image.createGraphics();
            g.drawString("This is a scanned page", 20, 50);
            g.dispose();
            try (var content = new PDPageContentStream(doc, page)) {
                content.drawImage(LosslessFactory.createFromImage(doc, image), 50, 500);
            }
            return save(doc);
        }
    }

    /**
     * A PDF with visible text and an XFA form whose XML declares external entities and DTDs: one
     * fetched over HTTP from {@code canaryUrl}, one reading {@code secretFile}.
     */
    public static byte[] xfaExternalEntityPdf(String canaryUrl, Path secretFile) throws IOException {
        return xfaPdf("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE xdp:xdp SYSTEM "%1$s/doctype.dtd" [
                  <!ENTITY %% remote SYSTEM "%1$s/parameter.dtd"> %%remote;
                  <!ENTITY web SYSTEM "%1$s/entity">
                  <!ENTITY secret SYSTEM "%2$s">
                ]>
                <xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">
                <template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1">
                <field name="a"><caption><value><text>Web &web;</text></value></caption></field>
                <field name="b"><caption><value><text>Secret &secret;</text></value></caption></field>
                </subform></template>
                <xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><form1><a>&web;</a><b>&secret;</b></form1></xfa:data></xfa:datasets>
                </xdp:xdp>""".formatted(canaryUrl, secretFile.toUri()));
    }

    /** The control: the same form without a DOCTYPE, so its field text is extracted. */
    public static byte[] xfaPlainPdf() throws IOException {
        return xfaPdf("""
                <?xml version="1.0" encoding="UTF-8"?>
                <xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">
                <template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1">
                <field name="a"><caption><value><text>Applicant name</text></value></caption></field>
                </subform></template>
                <xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><form1><a>Ada Lovelace</a></form1></xfa:data></xfa:datasets>
                </xdp:xdp>""");
    }

    private static byte[] xfaPdf(String xfa) throws IOException {
        try (PDDocument doc = textPdf("The visible text of the form.")) {
            PDAcroForm form = new PDAcroForm(doc);
            COSStream stream = doc.getDocument().createCOSStream();
            try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
                out.write(utf8(xfa));
            }
            form.setXFA(new PDXFAResource(stream));
            doc.getDocumentCatalog().setAcroForm(form);
            return save(doc);
        }
    }

    /** Billion laughs: nine levels of ten-fold entity references in document.xml. */
    public static byte[] entityExpansionDocx() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE w:document [<!ENTITY lol0 \"lollollollollollollollollollol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + dtd + "<w:document xmlns:w=\"" + W
                + "\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>";
        return docx(xml, Map.of());
    }

    /** The same billion laughs in an EPUB chapter (XHTML). */
    public static byte[] entityExpansionEpub() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE html [<!ENTITY lol0 \"lollollollollollollollollollol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        return epub("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + dtd
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title></head><body><p>&lol9;</p></body></html>");
    }

    /**
     * A DOCX whose document.xml inflates to {@code megabytes} MB of repeated paragraphs while the
     * file stays around a megabyte: streamed through the Deflater, never held in memory.
     */
    public static void hugeDocumentXmlDocx(Path target, int megabytes) throws IOException {
        Map<String, byte[]> frame = unzip(docx(docxBody(""), Map.of()));
        frame.remove("word/document.xml");
        streamedZip(target, frame, "word/document.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"" + W + "\"><w:body>",
                "<w:p><w:r><w:t>All work and no play makes Jack a dull boy. </w:t></w:r></w:p>", "</w:body></w:document>", megabytes);
    }

    /** The same for an EPUB chapter: {@code megabytes} MB of XHTML paragraphs. */
    public static void hugeChapterEpub(Path target, int megabytes) throws IOException {
        streamedZip(target, epubFrame(), "OEBPS/c1.xhtml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title></head><body>",
                "<p>All work and no play makes Jack a dull boy.</p>", "</body></html>", megabytes);
    }

    private static void streamedZip(Path target, Map<String, byte[]> small, String bigName, String head, String repeated,
                                    String tail, int megabytes) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (var e : small.entrySet()) {
                zip.putNextEntry(storedIfMimetype(e.getKey(), e.getValue()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(bigName));
            zip.write(utf8(head));
            byte[] block = utf8(repeated.repeat((1 << 20) / repeated.length()));
            long total = (long) megabytes << 20;
            for (long written = 0; written < total; written += block.length) zip.write(block);
            zip.write(utf8(tail));
            zip.closeEntry();
        }
    }

    /**
     * An archive bomb: {@code levels} levels of zips, each entry repeated {@code fanOut} times,
     * around a text file of {@code innerMegabytes} MB of one letter.
     */
    public static byte[] nestedZipBomb(int levels, int fanOut, int innerMegabytes) {
        byte[] inner = new byte[innerMegabytes << 20];
        Arrays.fill(inner, (byte) 'a');
        byte[] current = inner;
        String name = "a.txt";
        for (int level = 0; level < levels; level++) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int i = 0; i < fanOut; i++) entries.put(i + "-" + name, current);
            current = zip(entries);
            name = "level" + level + ".zip";
        }
        return current;
    }

    // ---- helpers

    static PDDocument textPdf(String text) throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage();
        doc.addPage(page);
        try (var content = new PDPageContentStream(doc, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            content.newLineAtOffset(72, 700);
            content.showText(text);
            content.endText();
        }
        return doc;
    }

    static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(storedIfMimetype(e.getKey(), e.getValue()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** EPUB and ODF want their mimetype entry first and stored. */
    private static ZipEntry storedIfMimetype(String name, byte[] content) {
        ZipEntry entry = new ZipEntry(name);
        if (name.equals("mimetype")) {
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
        }
        return entry;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }
}
