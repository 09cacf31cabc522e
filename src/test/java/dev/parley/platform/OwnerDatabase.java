package dev.parley.platform;

import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Test access to the database as the schema owner (BYPASSRLS): for setting up rows and for
 * counting what the restricted app role cannot see, e.g. to prove that nothing was created.
 */
public final class OwnerDatabase {

    private OwnerDatabase() {}

    public static JdbcClient jdbc(ApplicationContext context) {
        return JdbcClient.create(dataSource(context));
    }

    /** Unpooled owner connections, for callers that need plain JDBC (transactions with SET LOCAL). */
    public static DataSource dataSource(ApplicationContext context) {
        var endpoint = context.getBean(DatabaseConfiguration.DatabaseEndpoint.class);
        return new SimpleDriverDataSource(new org.postgresql.Driver(), endpoint.url(), endpoint.ownerUser(), endpoint.ownerPassword());
    }
}
