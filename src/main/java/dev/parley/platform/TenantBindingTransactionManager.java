package dev.parley.platform;

import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The one place where a tenant is bound to the database: at the start of every transaction,
 * {@code set_config(..., true)} scopes {@code app.tenant_id} and {@code app.user_id} to that
 * transaction. Repositories cannot forget it, and a pooled connection cannot carry it into the
 * next request because PostgreSQL drops transaction-local settings at commit or rollback.
 */
class TenantBindingTransactionManager extends JpaTransactionManager {

    private static final String BIND = "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true)";

    private final TenantResolver resolver;

    TenantBindingTransactionManager(EntityManagerFactory emf, TenantResolver resolver) {
        super(emf);
        this.resolver = resolver;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        DataSource dataSource = getDataSource();
        if (dataSource == null) {
            throw new IllegalStateException("The JPA dialect exposes no JDBC connection: tenant binding impossible");
        }
        TenantResolver.Binding binding = resolver.current();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement bind = connection.prepareStatement(BIND)) {
            bind.setString(1, binding.tenant().map(Object::toString).orElse(""));
            bind.setString(2, binding.user().map(Object::toString).orElse(""));
            bind.execute();
        } catch (SQLException | RuntimeException e) {
            abandon(transaction, definition);
            throw new TransactionSystemException("Could not bind the tenant to the transaction", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The transaction has begun but cannot be used: roll it back and unbind it from the thread. */
    private void abandon(Object transaction, TransactionDefinition definition) {
        try {
            doRollback(new DefaultTransactionStatus(definition.getName(), transaction, true, false, false,
                    definition.isReadOnly(), false, null));
        } catch (RuntimeException ignored) {
            // the connection is likely broken; cleanup below still releases it
        } finally {
            doCleanupAfterCompletion(transaction);
        }
    }
}
