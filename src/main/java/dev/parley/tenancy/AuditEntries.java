package dev.parley.tenancy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the tenant's audit log for admins and owners, newest first, a page at a time, so the
 * console never loads the whole log.
 */
@Service
public class AuditEntries {

    public record Entry(UUID id, Instant occurredAt, String actor, String action, String target, String details) {}

    /**
     * What to show; every part is optional. {@code actor} matches part of the actor's e-mail,
     * {@code action} exactly, {@code from}/{@code to} are whole days in UTC, both inclusive.
     */
    public record Filter(String actor, String action, LocalDate from, LocalDate to) {
        public static final Filter ALL = new Filter(null, null, null, null);
    }

    private final JdbcClient jdbc;
    private final CurrentMember currentMember;

    AuditEntries(JdbcClient jdbc, CurrentMember currentMember) {
        this.jdbc = jdbc;
        this.currentMember = currentMember;
    }

    @Transactional(readOnly = true)
    public List<Entry> page(Filter filter, int offset, int limit) {
        requireAdmin();
        Where where = where(filter);
        List<Object> params = new ArrayList<>(where.params);
        params.add(Math.max(0, limit));
        params.add(Math.max(0, offset));
        return jdbc.sql("SELECT id, occurred_at, actor_label, action, target, details FROM audit_log" + where.sql
                        + " ORDER BY occurred_at DESC, id LIMIT ? OFFSET ?")
                .params(params)
                .query((rs, n) -> new Entry(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    @Transactional(readOnly = true)
    public int count(Filter filter) {
        requireAdmin();
        Where where = where(filter);
        return jdbc.sql("SELECT count(*) FROM audit_log" + where.sql).params(where.params).query(Integer.class).single();
    }

    /** The actions this tenant's log holds, for the filter's choices. */
    @Transactional(readOnly = true)
    public List<String> actions() {
        requireAdmin();
        return jdbc.sql("SELECT DISTINCT action FROM audit_log ORDER BY action").query(String.class).list();
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(Filter filter) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (filter.actor() != null && !filter.actor().isBlank()) {
            sql.append(" AND strpos(lower(actor_label), lower(?)) > 0");
            params.add(filter.actor().strip());
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            sql.append(" AND action = ?");
            params.add(filter.action());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(java.sql.Timestamp.from(filter.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(java.sql.Timestamp.from(filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return new Where(sql.isEmpty() ? "" : " WHERE" + sql.substring(4), params);
    }

    private void requireAdmin() {
        if (!currentMember.role().managesTeam()) throw new AccessDeniedException("Only admins and owners read the audit log.");
    }
}
