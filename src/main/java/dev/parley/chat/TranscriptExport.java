package dev.parley.chat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every message of the filtered conversations as CSV or JSON, written row by row while a database
 * cursor reads them ({@link #FETCH_SIZE} rows at a time), so that memory stays flat however large
 * the range. Same filter, same set as the grid.
 */
@Service
public class TranscriptExport {

    static final int FETCH_SIZE = 500;
    static final List<String> COLUMNS = List.of("conversation_id", "bot", "visitor_id", "visitor_name", "visitor_email",
            "conversation_status", "message_id", "created_at", "role", "content", "mode", "sources", "model", "prompt_tokens",
            "completion_tokens", "first_token_ms", "total_ms", "rating", "feedback_comment");
    /** The sources column: titles in CSV, the stored JSON in JSON. */
    private static final int SOURCES = COLUMNS.indexOf("sources");

    private static final String ROWS = """
            SELECT c.id, b.name, c.visitor_id, c.visitor_name, c.visitor_email, c.status, m.id, m.created_at, m.role,
                   m.content, m.mode, m.sources::text, m.model, m.prompt_tokens, m.completion_tokens, m.first_token_ms,
                   m.total_ms, f.rating, f.comment
              FROM conversations c
              JOIN bots b ON b.tenant_id = c.tenant_id AND b.id = c.bot_id
              JOIN messages m ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id
              LEFT JOIN feedback f ON f.tenant_id = m.tenant_id AND f.message_id = m.id
             WHERE %s
             ORDER BY c.last_message_at DESC, c.id DESC, m.created_at, m.role DESC""";

    private final JdbcTemplate jdbc;
    private final ConversationReaders readers;
    private final JsonMapper json;
    private final TransactionTemplate readOnly;
    private final ConversationTextMatches textMatches;

    TranscriptExport(JdbcTemplate jdbc, ConversationReaders readers, JsonMapper json, PlatformTransactionManager transactions,
            ConversationTextMatches textMatches) {
        this.jdbc = jdbc;
        this.textMatches = textMatches;
        this.readers = readers;
        this.json = json;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Writes a header and one CSV line per message (UTF-8 with a byte-order mark, for spreadsheets); returns the count. */
    public long csv(ConversationFilter filter, OutputStream out) {
        readers.require();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            writer.write('\uFEFF');
            writer.write(String.join(",", COLUMNS) + "\r\n");
            long count = each(filter, row -> {
                try {
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) writer.write(',');
                        writer.write(CsvCells.cell(i == SOURCES ? sourceTitles((String) row[i]) : text(row[i])));
                    }
                    writer.write("\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one JSON array with an object per message (sources as stored, with scores); returns the count. */
    public long json(ConversationFilter filter, OutputStream out) {
        readers.require();
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartArray();
            long count = each(filter, row -> {
                gen.writeStartObject();
                for (int i = 0; i < row.length; i++) {
                    String name = COLUMNS.get(i);
                    Object value = row[i];
                    if (value == null) gen.writeNullProperty(name);
                    else if (i == SOURCES) gen.writeName(name).writeRawValue((String) value); // jsonb as PostgreSQL prints it
                    else if (value instanceof Number number) gen.writeNumberProperty(name, number.longValue());
                    else gen.writeStringProperty(name, text(value));
                }
                gen.writeEndObject();
            });
            gen.writeEndArray();
            gen.flush();
            return count;
        }
    }

    /** Streams the rows through {@code sink} inside one read-only transaction (a cursor needs one). */
    private long each(ConversationFilter filter, Consumer<Object[]> sink) {
        long[] count = {0};
        readOnly.executeWithoutResult(status -> {
            ConversationQuery q = ConversationQuery.of(filter, textMatches); // the tenant is bound in this transaction
            Object[] params = q.paramsWith();
            jdbc.query(connection -> {
                PreparedStatement ps = connection.prepareStatement(ROWS.formatted(q.where), ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_READ_ONLY);
                ps.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                return ps;
            }, rs -> {
                sink.accept(row(rs));
                count[0]++;
            });
        });
        return count[0];
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        Object[] row = new Object[COLUMNS.size()];
        row[0] = rs.getObject(1, UUID.class);
        for (int i = 1; i < 6; i++) row[i] = rs.getString(i + 1);
        row[6] = rs.getObject(7, UUID.class);
        row[7] = rs.getTimestamp(8).toInstant();
        for (int i = 8; i < 13; i++) row[i] = rs.getString(i + 1);
        for (int i = 13; i < 18; i++) row[i] = number(rs, i + 1);
        row[18] = rs.getString(19);
        return row;
    }

    private static Long number(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** "[1] Title § Section (0.82); [2] …": readable in a spreadsheet cell. */
    private String sourceTitles(String stored) {
        if (stored == null) return null;
        List<SourceRef> refs = json.readValue(stored, new TypeReference<List<SourceRef>>() {});
        StringBuilder out = new StringBuilder();
        for (SourceRef ref : refs) {
            if (!out.isEmpty()) out.append("; ");
            out.append('[').append(ref.n()).append("] ").append(ref.title());
            if (ref.section() != null && !ref.section().isBlank()) out.append(" § ").append(ref.section());
            out.append(" (").append(ref.score()).append(')');
        }
        return out.toString();
    }
}
