package dev.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Security anchors A.1/A.6/A.7/A.10: the catalog itself, read as the app role. Each query lists
 * offenders, so a failure names the table, policy or function to fix.
 */
class RlsCatalogLintTest extends IntegrationTest {

    /**
     * Reviewed SECURITY DEFINER functions. A new one fails this test until it is reviewed and added.
     * parley_bots_to_switch (DD-012): (tenant, bot) ids of bots on another embedding model, nothing else.
     * parley_text_search (DD-021): chunk ids and ranks of one bot of the tenant bound to the transaction.
     * parley_conversation_text_search (DD-040): ids of the bound tenant's conversations, one per message
     *   matching a LIKE pattern, at most max_rows; the console reads the conversations themselves under RLS.
     * parley_find_widget_bot (DD-031): tenant, bot id, enabled flag and allowed origins for one public
     *   bot key, which the widget sends before any tenant is known; no settings, no other bots.
     */
    static final List<String> DEFINER_ALLOWLIST =
            List.of("parley_bots_to_switch", "parley_conversation_text_search", "parley_find_api_key", "parley_find_invitation", "parley_find_login",
                    "parley_find_widget_bot", "parley_my_tenants", "parley_text_search");

    private static final String TENANT_TABLES = """
            SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))""";

    @Autowired JdbcClient jdbc;

    @Test
    void tenantTablesAreExactlyTheOnesTheCrudMatrixCovers() {
        List<String> inCatalog = jdbc.sql("SELECT relname FROM (" + TENANT_TABLES + ") t").query(String.class).list();
        assertThat(inCatalog).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(TenantTable.values()).map(t -> t.table).toList());
    }

    @Test
    void everyTenantTableForcesRowLevelSecurityWithATenantPolicy() {
        // users is global but holds personal data: it is held to the same rule.
        List<String> offenders = jdbc.sql("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public'
                  AND (c.oid IN (SELECT oid FROM (%s) t) OR c.relname = 'users')
                  AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
                       OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))""".formatted(TENANT_TABLES))
                .query(String.class).list();
        assertThat(offenders).isEmpty();

        List<String> notTenantScoped = jdbc.sql("""
                SELECT p.polrelid::regclass || '.' || p.polname FROM pg_policy p
                WHERE p.polrelid IN (SELECT oid FROM (%s) t) AND p.polpermissive
                  AND coalesce(pg_get_expr(p.polqual, p.polrelid), '') NOT LIKE '%%current_setting(''app.tenant_id''%%'"""
                .formatted(TENANT_TABLES)).query(String.class).list();
        assertThat(notTenantScoped).as("permissive policies on tenant tables not keyed on app.tenant_id").isEmpty();
    }

    @Test
    void noPolicyIsLiterallyTrue() {
        List<String> open = jdbc.sql("""
                SELECT p.polrelid::regclass || '.' || p.polname FROM pg_policy p
                WHERE lower(pg_get_expr(p.polqual, p.polrelid)) = 'true'
                   OR lower(pg_get_expr(p.polwithcheck, p.polrelid)) = 'true'""").query(String.class).list();
        assertThat(open).isEmpty();
    }

    @Test
    void tenantKeysAreNotNullAndForeignKeysBetweenTenantTablesIncludeTheTenant() {
        List<String> nullable = jdbc.sql("""
                SELECT c.relname FROM (%s) c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
                WHERE NOT a.attnotnull""".formatted(TENANT_TABLES)).query(String.class).list();
        assertThat(nullable).isEmpty();

        // A child that references a parent by id alone could point at another tenant's parent.
        List<String> looseForeignKeys = jdbc.sql("""
                SELECT f.conrelid::regclass || '.' || f.conname FROM pg_constraint f
                WHERE f.contype = 'f'
                  AND f.conrelid IN (SELECT oid FROM (%1$s) t) AND f.confrelid IN (SELECT oid FROM (%1$s) t)
                  AND f.confrelid <> 'tenants'::regclass
                  AND NOT (f.conkey @> ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = f.conrelid AND attname = 'tenant_id')]
                       AND f.confkey @> ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = f.confrelid AND attname = 'tenant_id')])"""
                .formatted(TENANT_TABLES)).query(String.class).list();
        assertThat(looseForeignKeys).isEmpty();
    }

    @Test
    void appRoleIsPlainOwnsNothingAndCannotCreateObjects() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("parley_app");
        assertThat(jdbc.sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class).single()).isFalse();

        List<String> owned = jdbc.sql("""
                SELECT 'relation ' || relname FROM pg_class WHERE relowner = current_user::regrole
                UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proowner = current_user::regrole
                UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspowner = current_user::regrole
                UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typowner = current_user::regrole
                UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datdba = current_user::regrole""")
                .query(String.class).list();
        assertThat(owned).isEmpty();

        // Definer functions pin search_path to pg_catalog, public: the app role must not be able to plant objects there.
        assertThat(jdbc.sql("""
                SELECT has_schema_privilege('public', 'CREATE') OR has_database_privilege(current_database(), 'CREATE')
                       OR has_database_privilege(current_database(), 'TEMP')""").query(Boolean.class).single()).isFalse();

        // pg_read_all_stats would expose other sessions' queries; owner/data roles would bypass everything.
        List<String> memberOf = jdbc.sql("""
                SELECT r.rolname FROM pg_roles r
                WHERE r.rolname IN ('pg_read_all_stats', 'pg_monitor', 'pg_read_all_data', 'pg_write_all_data',
                                    'pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program',
                                    'parley_owner', 'parley_super')
                  AND pg_has_role(current_user, r.oid, 'MEMBER')""").query(String.class).list();
        assertThat(memberOf).isEmpty();
    }

    @Test
    void securityDefinerFunctionsAreAllowlistedPinnedAndNotPublic() {
        String definers = """
                SELECT p.oid, p.proname, p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')""";
        assertThat(jdbc.sql("SELECT proname FROM (" + definers + ") d").query(String.class).list())
                .containsExactlyInAnyOrderElementsOf(DEFINER_ALLOWLIST);
        assertThat(jdbc.sql("""
                SELECT proname FROM (%s) d
                WHERE NOT EXISTS (SELECT 1 FROM unnest(d.proconfig) c WHERE c LIKE 'search_path=%%')""".formatted(definers))
                .query(String.class).list()).as("definer functions without a pinned search_path").isEmpty();
        assertThat(jdbc.sql("SELECT proname FROM (%s) d WHERE has_function_privilege('public', d.oid, 'EXECUTE')"
                .formatted(definers)).query(String.class).list()).as("definer functions executable by PUBLIC").isEmpty();
    }

    @Test
    void viewsRunAsTheCallerAndThereAreNoMaterializedViews() {
        // A view runs with its owner's rights (BYPASSRLS) unless security_invoker; a matview cannot have RLS.
        List<String> offenders = jdbc.sql("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public'
                  AND (c.relkind = 'm'
                       OR (c.relkind = 'v' AND NOT coalesce(c.reloptions, '{}') && ARRAY['security_invoker=true',
                           'security_invoker=on', 'security_invoker=1', 'security_invoker=yes']))""")
                .query(String.class).list();
        assertThat(offenders).isEmpty();
    }
}
