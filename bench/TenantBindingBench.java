import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;

/**
 * Cost of binding the tenant per transaction (the product's mechanism: set_config(..., true) at
 * transaction start) for a primary-key lookup, against the same transaction with the tenant set
 * once per session. Both run as the restricted app role under RLS, so only the binding differs.
 *
 * Run: bench/tenant-binding.sh (starts from a data directory made by ./parley start).
 */
public class TenantBindingBench {
    static final String BIND = "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true)";
    static final String LOOKUP = "SELECT name, color FROM bots WHERE id = ?";

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).strip());
        Properties credentials = new Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("credentials.properties"))) {
            credentials.load(in);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/parley";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        try (Connection c = DriverManager.getConnection(url, "parley_app", credentials.getProperty("app.password"))) {
            UUID tenant = UUID.randomUUID();
            UUID bot = UUID.randomUUID();
            seed(c, tenant, bot);
            double[] perTx = new double[rounds];
            double[] perSession = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perTx[r] = boundPerTransaction(c, tenant, bot, iterations);
                perSession[r] = boundPerSession(c, tenant, bot, iterations);
            }
            Arrays.sort(perTx);
            Arrays.sort(perSession);
            double a = perTx[rounds / 2], b = perSession[rounds / 2];
            System.out.printf("iterations=%d rounds=%d%n", iterations, rounds);
            System.out.printf("per-transaction binding (product): median %.1f us per lookup tx%n", a);
            System.out.printf("session-level tenant (baseline):    median %.1f us per lookup tx%n", b);
            System.out.printf("ratio: %.2fx (+%.1f us)%n", a / b, a - b);
            cleanUp(c, tenant);
        }
    }

    static double boundPerTransaction(Connection c, UUID tenant, UUID bot, int n) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement bind = c.prepareStatement(BIND); PreparedStatement q = c.prepareStatement(LOOKUP)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bind.setString(1, tenant.toString());
                bind.setString(2, "");
                bind.execute();
                q.setObject(1, bot);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("row not visible");
                }
                c.commit();
            }
            return (System.nanoTime() - start) / 1000.0 / n;
        }
    }

    static double boundPerSession(Connection c, UUID tenant, UUID bot, int n) throws Exception {
        c.setAutoCommit(true);
        try (var s = c.createStatement()) {
            s.execute("SET app.tenant_id = '" + tenant + "'");
        }
        c.setAutoCommit(false);
        try (PreparedStatement q = c.prepareStatement(LOOKUP)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                q.setObject(1, bot);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("row not visible");
                }
                c.commit();
            }
            return (System.nanoTime() - start) / 1000.0 / n;
        } finally {
            c.setAutoCommit(true);
            try (var s = c.createStatement()) {
                s.execute("RESET app.tenant_id");
            }
        }
    }

    /** The benchmark tenant is removed again: the data directory may be a real one. */
    static void cleanUp(Connection c, UUID tenant) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement bind = c.prepareStatement(BIND)) {
            bind.setString(1, tenant.toString());
            bind.setString(2, "");
            bind.execute();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM tenants WHERE id = ?")) {
            d.setObject(1, tenant);
            d.execute();
        }
        c.commit();
    }

    static void seed(Connection c, UUID tenant, UUID bot) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement bind = c.prepareStatement(BIND)) {
            bind.setString(1, tenant.toString());
            bind.setString(2, "");
            bind.execute();
        }
        try (PreparedStatement t = c.prepareStatement("INSERT INTO tenants (id, name) VALUES (?, 'bench')")) {
            t.setObject(1, tenant);
            t.execute();
        }
        try (PreparedStatement b = c.prepareStatement(
                "INSERT INTO bots (tenant_id, id, name, public_key) VALUES (?, ?, 'bench bot', ?)")) {
            b.setObject(1, tenant);
            b.setObject(2, bot);
            b.setString(3, "pk_bench" + UUID.randomUUID().toString().replace("-", ""));
            b.execute();
        }
        c.commit();
    }
}
