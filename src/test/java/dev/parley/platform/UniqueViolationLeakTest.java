package dev.parley.platform;

import static dev.parley.platform.TenantFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.SignUpRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Security anchor A.8: an e-mail already taken in another workspace is reported with the product's
 * fixed text, never with the database's "Key (email)=(...) already exists" detail or the other
 * workspace's name or ids.
 */
class UniqueViolationLeakTest extends IntegrationTest {

    /** AccountService.EMAIL_TAKEN (package-private there). */
    static final String EMAIL_TAKEN =
            "An account with this e-mail already exists. Sign in, or ask its workspace owner for an invitation.";
    static final String PASSWORD = "Correct-Horse-42";

    @Autowired AccountService accounts;
    @Autowired DataSource dataSource;
    @Autowired DatabaseConfiguration.DatabaseEndpoint endpoint;

    @Test
    void secondSignUpWithTheSameEmailShowsOnlyTheFixedText() {
        String email = "taken-" + UUID.randomUUID() + "@example.test";
        String firstWorkspace = "First Workspace " + UUID.randomUUID();
        ParleyPrincipal first = accounts.signUp(new SignUpRequest("First", email, PASSWORD, firstWorkspace));

        assertThatThrownBy(() -> accounts.signUp(new SignUpRequest("Second", email, PASSWORD, "Second " + UUID.randomUUID())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertOnlyFixedText(e, firstWorkspace,
                        first.tenant().toString(), first.user().toString()));
    }

    @Test
    void uniqueViolationRaisedByTheDatabaseIsNotPropagated() throws Exception {
        // Another workspace's sign-up holds the e-mail uncommitted, so sign-up's pre-check passes and the
        // INSERT waits on users_email_key; when the rival commits, PostgreSQL raises the unique violation.
        TenantFixtures db = new TenantFixtures(dataSource, endpoint);
        String email = "race-" + UUID.randomUUID() + "@example.test";
        UUID rivalTenant = UUID.randomUUID();
        UUID rivalUser = UUID.randomUUID();
        String rivalWorkspace = "Rival Workspace " + UUID.randomUUID();

        CompletableFuture<ParleyPrincipal> signUp;
        try (Connection rival = db.openAppSession(); Connection watcher = db.openOwnerSession()) {
            rival.setAutoCommit(false);
            TenantFixtures.bind(rival, rivalTenant, rivalUser);
            TenantFixtures.update(rival, "INSERT INTO tenants (id, name) VALUES (?, ?)", rivalTenant, rivalWorkspace);
            TenantFixtures.update(rival, "INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, 'Rival', 'x')",
                    rivalUser, email);
            TenantFixtures.update(rival, "INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'OWNER')",
                    rivalTenant, rivalUser);

            signUp = CompletableFuture.supplyAsync(() ->
                    accounts.signUp(new SignUpRequest("Late", email, PASSWORD, "Late Workspace " + UUID.randomUUID())));
            assertThat(waitForLockWait(watcher, signUp)).as("sign-up's INSERT waited on the rival's row").isTrue();
            rival.commit();
        }

        assertThatThrownBy(() -> signUp.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertOnlyFixedText(e, rivalWorkspace, rivalTenant.toString(), rivalUser.toString()));
    }

    private static boolean waitForLockWait(Connection watcher, CompletableFuture<?> signUp) throws SQLException, InterruptedException {
        for (int i = 0; i < 1200 && !signUp.isDone(); i++) {
            if (count(watcher, "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'") > 0) return true;
            Thread.sleep(50);
        }
        return false;
    }

    private static void assertOnlyFixedText(InvalidInputException e, String... otherTenantsValues) {
        assertThat(e.getMessage()).isEqualTo(EMAIL_TAKEN);
        assertThat(e.fieldErrors()).containsOnlyKeys("email").containsValue(EMAIL_TAKEN);
        String everything = e.getMessage() + e.fieldErrors();
        assertThat(everything).doesNotContain("Key (", "users_email_key", "duplicate key");
        for (String value : otherTenantsValues) assertThat(everything).doesNotContain(value);
    }
}
