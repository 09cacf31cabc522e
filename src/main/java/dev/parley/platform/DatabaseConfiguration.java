package dev.parley.platform;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Two ways in: the schema owner for migrations only, and the restricted application role for
 * everything at run time. Both point at the embedded cluster unless an external URL is configured.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /** Connection details after the embedded cluster (if any) is up. */
    record DatabaseEndpoint(String url, String ownerUser, String ownerPassword, String appUser, String appPassword) {}

    @Bean(destroyMethod = "close")
    EmbeddedPostgresLifecycle embeddedPostgres(PlatformProperties properties) {
        return new EmbeddedPostgresLifecycle(properties);
    }

    @Bean
    DatabaseEndpoint databaseEndpoint(PlatformProperties properties, EmbeddedPostgresLifecycle embedded) {
        PlatformProperties.Db db = properties.db();
        if (!db.embedded()) {
            return new DatabaseEndpoint(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser(), db.appPassword());
        }
        EmbeddedPostgres postgres = embedded.postgres();
        DatabaseCredentials c = postgres.credentials();
        return new DatabaseEndpoint(postgres.jdbcUrl(), c.ownerUser(), c.ownerPassword(), c.appUser(), c.appPassword());
    }

    @Bean
    @Primary
    HikariDataSource dataSource(DatabaseEndpoint endpoint, PlatformProperties properties) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("parley-app");
        pool.setJdbcUrl(endpoint.url());
        pool.setUsername(endpoint.appUser());
        pool.setPassword(endpoint.appPassword());
        pool.setMaximumPoolSize(properties.db().poolSize());
        // Also set on the role by the embedded launcher; repeated here for external databases.
        // A generic cached plan for one tenant can be badly wrong for another (rag-spike: 0.4 s).
        // HNSW (a big bot's own vector index, DD-021): ef_search 200, recall@10 0.99 on a 100k-chunk
        // bot (100: 0.97, too few for the 40 candidates hybrid search takes) for +0.2 ms p50
        // (docs/benchmarks.md), and iterative scans so that rows filtered out after the index
        // (another model during a switch) do not leave fewer than k. Session settings cost nothing
        // per query and touch only HNSW scans.
        pool.setConnectionInitSql("SET plan_cache_mode = force_custom_plan; SET hnsw.ef_search = 200; "
                + "SET hnsw.iterative_scan = relaxed_order");
        return pool;
    }

    @Bean
    @LiquibaseDataSource
    DataSource liquibaseDataSource(DatabaseEndpoint endpoint) {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), endpoint.url(), endpoint.ownerUser(),
                endpoint.ownerPassword());
    }

    @Bean
    TenantBindingTransactionManager transactionManager(EntityManagerFactory entityManagerFactory,
                                                       ObjectProvider<TenantResolver> resolver) {
        return new TenantBindingTransactionManager(entityManagerFactory, resolver.getIfAvailable(TenantResolver::new));
    }
}
