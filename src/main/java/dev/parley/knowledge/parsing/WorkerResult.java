package dev.parley.knowledge.parsing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's answer, in a small length-prefixed binary format: either the sections or the
 * user's failure reason. The reader trusts no length it reads beyond the budget it is given.
 */
final class WorkerResult {

    private static final int MAGIC = 0x50524C31; // "PRL1"

    private WorkerResult() {}

    static void writeDocument(OutputStream target, ParsedDocument doc, boolean truncated) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        out.writeInt(MAGIC);
        out.writeBoolean(true);
        out.writeBoolean(truncated);
        writeString(out, doc.title());
        out.writeInt(doc.sections().size());
        for (Section s : doc.sections()) {
            out.writeInt(s.headingPath().size());
            for (String h : s.headingPath()) writeString(out, h);
            out.writeInt(s.page() == null ? -1 : s.page());
            writeString(out, s.anchor());
            writeString(out, s.text());
        }
        out.flush();
    }

    static void writeFailure(OutputStream target, ParseFailure failure) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        out.writeInt(MAGIC);
        out.writeBoolean(false);
        out.writeBoolean(failure.permanent());
        writeString(out, failure.getMessage());
        out.flush();
    }

    /** The document, or throws the failure the worker reported; IOException when the data is malformed. */
    static ParsedDocument read(InputStream source, long maxBytes) throws IOException, ParseFailure {
        Budget in = new Budget(source, maxBytes);
        if (in.readInt() != MAGIC) throw new IOException("not a worker result");
        boolean ok = in.readBoolean();
        boolean flag = in.readBoolean();
        if (!ok) throw new ParseFailure(in.string(), flag);
        String title = in.string();
        int count = in.count();
        List<Section> sections = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int depth = in.count();
            List<String> path = new ArrayList<>(Math.min(depth, 8));
            for (int d = 0; d < depth; d++) path.add(in.string());
            int page = in.readInt();
            String anchor = in.string();
            String text = in.string();
            sections.add(new Section(path, page < 0 ? null : page, anchor, text == null ? "" : text));
        }
        return new ParsedDocument(title, sections);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Counts what it reads against a byte budget, so a lying length cannot allocate gigabytes. */
    private static final class Budget extends DataInputStream {
        private long left;

        Budget(InputStream in, long maxBytes) {
            super(in);
            this.left = maxBytes;
        }

        int count() throws IOException {
            int n = readInt();
            if (n < 0 || n > left) throw new IOException("bad count " + n);
            return n;
        }

        String string() throws IOException {
            int length = readInt();
            if (length == -1) return null;
            if (length < 0 || length > left) throw new IOException("bad length " + length);
            left -= length;
            byte[] bytes = readNBytes(length);
            if (bytes.length != length) throw new EOFException();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
