package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.platform.PlatformProperties;
import dev.parley.tenancy.TenancyProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose files parse (validated offline by docker-compose, no engine needed), and the
 * environment they give the app really binds to the settings Parley reads.
 */
class DockerComposeTest {

    private static final Path DOCKER = Path.of("docker");
    private static final List<String> DB_ROLE_VARIABLES = List.of("PARLEY_DB_OWNER_USER", "PARLEY_DB_OWNER_PASSWORD",
            "PARLEY_DB_APP_USER", "PARLEY_DB_APP_PASSWORD");

    @BeforeAll
    static void dockerComposeInstalled() {
        // './parley test' installs it (setup-system.sh --with-compose); a bare machine skips visibly.
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "docker-compose is not installed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"compose.yaml", "compose.multi-node.yaml"})
    void parses(String file) throws Exception {
        Run run = compose(file, "-q");
        assertThat(run.exitCode()).as(run.errors()).isZero();
        assertThat(run.output() + run.errors()).as("no warnings").isBlank();
    }

    @Test
    void appEnvironmentBindsToParleysSettings() throws Exception {
        Map<String, Object> services = services("compose.yaml");
        Map<String, String> env = environment(services, "app");

        // Named like the real one: Spring applies its environment-variable name mapping only to that source.
        var source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(env));
        Binder binder = new Binder(ConfigurationPropertySources.from(source));
        PlatformProperties platform = binder.bindOrCreate("parley", Bindable.of(PlatformProperties.class));
        assertThat(platform.db().url()).isEqualTo("jdbc:postgresql://db/parley");
        assertThat(platform.db().ownerUser()).isEqualTo(env.get("PARLEY_DB_OWNER_USER")).isEqualTo("parley_owner");
        assertThat(platform.db().ownerPassword()).isEqualTo(env.get("PARLEY_DB_OWNER_PASSWORD")).isNotBlank();
        assertThat(platform.db().appUser()).isEqualTo(env.get("PARLEY_DB_APP_USER")).isEqualTo("parley_app");
        assertThat(platform.db().appPassword()).isEqualTo(env.get("PARLEY_DB_APP_PASSWORD")).isNotBlank();
        TenancyProperties tenancy = binder.bindOrCreate("parley", Bindable.of(TenancyProperties.class));
        assertThat(tenancy.publicUrl()).isEqualTo(env.get("PARLEY_PUBLIC_URL"));
        assertThat(tenancy.operatorToken()).as("operator API off unless set").isNullOrEmpty();
        assertThat(env).containsKey("PARLEY_DEMO"); // read through application.yaml's ${PARLEY_DEMO:true}

        // The database's init script reads the very same role names and passwords.
        Map<String, String> dbEnv = environment(services, "db");
        for (String variable : DB_ROLE_VARIABLES) assertThat(dbEnv.get(variable)).as(variable).isEqualTo(env.get(variable));
    }

    @Test
    void multiNodeSharesOneConfigurationAndNginxBalancesEveryNode() throws Exception {
        Map<String, Object> services = services("compose.multi-node.yaml");
        var nodes = new TreeSet<String>();
        services.forEach((name, service) -> {
            if (((Map<?, ?>) service).containsKey("build")) nodes.add(name);
        });
        assertThat(nodes).containsExactly("app1", "app2");
        assertThat(environment(services, "app2")).isEqualTo(environment(services, "app1"))
                .containsEntry("PARLEY_DB_URL", "jdbc:postgresql://db/parley");

        String nginx = Files.readString(DOCKER.resolve("nginx.conf"));
        assertThat(nginx).containsPattern("(?m)^\\s*ip_hash;");
        var upstreams = new TreeSet<String>();
        Pattern.compile("(?m)^\\s*server\\s+([a-z0-9]+):8080;").matcher(nginx).results().forEach(m -> upstreams.add(m.group(1)));
        assertThat(upstreams).isEqualTo(nodes);
    }

    /** {@code output} is stdout; {@code errors} stderr, where docker-compose writes its complaints. */
    record Run(int exitCode, String output, String errors) {}

    private static Run compose(String file, String... configArgs) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("docker-compose", "-f", DOCKER.resolve(file).toString(), "config"));
        command.addAll(List.of(configArgs));
        ProcessBuilder builder = new ProcessBuilder(command);
        // The files' defaults are what is checked, not whatever this machine happens to export.
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_") || k.startsWith("POSTGRES_"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output, errors);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services(String file) throws Exception {
        Run run = compose(file);
        assertThat(run.exitCode()).as(run.errors()).isZero();
        Map<String, Object> config = new Yaml().load(run.output());
        return (Map<String, Object>) config.get("services");
    }

    private static Map<String, String> environment(Map<String, Object> services, String service) {
        Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) services.get(service)).get("environment");
        var result = new java.util.TreeMap<String, String>();
        env.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return result;
    }
}
