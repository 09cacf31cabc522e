package dev.parley.console;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.browserless.SecuredBrowserlessApplicationContext;
import com.vaadin.browserless.SpringBrowserlessApplicationContext;
import com.vaadin.browserless.internal.MockVaadin;
import com.vaadin.browserless.mocks.MockHttpSession;
import com.vaadin.browserless.mocks.MockRequest;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.IntegrationTest;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.SignUpRequest;
import dev.parley.tenancy.TeamService;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import kotlin.jvm.functions.Function1;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the console's browserless view tests. It extends {@link IntegrationTest} and adds no
 * context configuration, so these tests run in the one cached Spring context of all DB tests.
 * Vaadin is wired per test through browserless-test's composable API
 * ({@link SpringBrowserlessApplicationContext#createSecured}): each {@link #window} is one signed-in
 * (or anonymous) person with their own Vaadin session, and the Spring {@link SecurityContext}
 * follows the active window.
 */
public abstract class ConsoleTest extends IntegrationTest {

    public static final String PASSWORD = "correct-horse-42";

    @Autowired protected ApplicationContext spring;
    @Autowired protected AccountService accounts;
    @Autowired protected TeamService team;
    @Autowired protected JdbcClient jdbc;
    @Autowired protected TransactionTemplate tx;
    @Autowired protected HikariDataSource appDataSource;

    protected SecuredBrowserlessApplicationContext<Authentication> app;
    private Function1<? super MockHttpSession, ? extends MockRequest> defaultRequests;
    private static JdbcClient owner;

    @BeforeEach
    void startVaadin() {
        // The mock request cannot change its session id; SessionSignIn does that after sign-up
        // and after accepting an invitation (session fixation). Keep the id, keep everything else.
        defaultRequests = MockVaadin.INSTANCE.getMockRequestFactory();
        MockVaadin.INSTANCE.setMockRequestFactory(session -> new MockRequest(session) {
            @Override
            public String changeSessionId() {
                return getSession().getId();
            }
        });
        app = SpringBrowserlessApplicationContext.createSecured(spring, "dev.parley.console");
    }

    @AfterEach
    void stopVaadin() {
        try {
            if (app != null) app.close();
        } finally {
            MockVaadin.INSTANCE.setMockRequestFactory(defaultRequests);
            SecurityContextHolder.clearContext();
        }
    }

    /** A browser window of a signed-in person (or of an anonymous visitor when null). */
    protected BrowserlessUIContext window(ParleyPrincipal who) {
        return app.newUser(who == null ? null : accounts.authenticationFor(who)).newWindow();
    }

    /** A new workspace with its owner, as sign-up creates it. */
    protected ParleyPrincipal newWorkspace(String name) {
        return accounts.signUp(new SignUpRequest("Olive Owner", uniqueEmail("owner"), PASSWORD, name));
    }

    /** A person who joined the owner's workspace with the given role through an invitation. */
    protected ParleyPrincipal newMember(ParleyPrincipal owner, Role role) {
        String email = uniqueEmail(role.name().toLowerCase());
        TeamService.InvitationLink link = as(owner, () -> team.invite(email, role));
        return team.accept(link.token(), role.label() + " Person", PASSWORD);
    }

    protected static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Runs service calls as this person, outside any window, restoring the previous context. */
    protected <T> T as(ParleyPrincipal who, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(accounts.authenticationFor(who));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /** SQL as the restricted app role, with the tenant bound as the application binds it. */
    protected <T> T inTenant(ParleyPrincipal member, Function<JdbcClient, T> work) {
        return TenantContext.callAs(member.tenant(), member.user(), () -> tx.execute(status -> work.apply(jdbc)));
    }

    /**
     * Counts across all tenants, which the app role cannot see by design (RLS): read-only, as the
     * schema owner of the test cluster.
     */
    protected long countAll(String sql, Object... params) {
        return ownerJdbc().sql(sql).params(params).query(Long.class).single();
    }

    private synchronized JdbcClient ownerJdbc() {
        if (owner == null) {
            Properties credentials = new Properties();
            try (Reader in = Files.newBufferedReader(DATA_DIR.resolve("credentials.properties"))) {
                credentials.load(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            owner = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), appDataSource.getJdbcUrl(),
                    "parley_owner", credentials.getProperty("owner.password")));
        }
        return owner;
    }
}
