package dev.parley.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Owner-level DDL at run time, for the one job that needs it: indexes that follow the data
 * (a bot's own vector and text index once it grows; DD-021). The runtime role owns nothing and
 * cannot create indexes. Each statement runs in autocommit because CREATE INDEX CONCURRENTLY
 * refuses a transaction; an advisory lock keeps two nodes from building the same index at once.
 */
@Component
public class SchemaMaintenance {

    /** A session of owner statements; closed after use. */
    public interface Session {
        void execute(String sql) throws SQLException;

        List<List<String>> query(String sql) throws SQLException;
    }

    @FunctionalInterface
    public interface Work {
        void run(Session session) throws SQLException;
    }

    private final DatabaseConfiguration.DatabaseEndpoint endpoint;

    SchemaMaintenance(DatabaseConfiguration.DatabaseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Runs {@code work} unless another node holds {@code lockKey}; returns whether it ran. */
    public boolean runExclusively(long lockKey, Work work) throws SQLException {
        try (Connection owner = DriverManager.getConnection(endpoint.url(), endpoint.ownerUser(), endpoint.ownerPassword())) {
            owner.setAutoCommit(true);
            try (Statement sql = owner.createStatement(); ResultSet rs = sql.executeQuery("SELECT pg_try_advisory_lock(" + lockKey + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) return false;
            }
            work.run(new Session() {
                @Override
                public void execute(String statement) throws SQLException {
                    try (Statement sql = owner.createStatement()) {
                        sql.execute(statement);
                    }
                }

                @Override
                public List<List<String>> query(String statement) throws SQLException {
                    try (Statement sql = owner.createStatement(); ResultSet rs = sql.executeQuery(statement)) {
                        List<List<String>> rows = new ArrayList<>();
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            List<String> row = new ArrayList<>(columns);
                            for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
                            rows.add(row);
                        }
                        return rows;
                    }
                }
            });
            return true; // closing the session releases the advisory lock
        }
    }
}
