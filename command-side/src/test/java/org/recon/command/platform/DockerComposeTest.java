package org.recon.command.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.support.security.ApiKeyPrincipal;
import org.recon.support.security.ApiKeyProperties;
import org.recon.support.security.ApiKeyRegistry;
import org.recon.support.security.DemoKeys;
import org.recon.support.security.Role;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker cannot run where the tests run, so docker-compose.yml is checked against what the services
 * really read: their ports, the {@code recon.db.*} placeholders, and the API keys as Spring's relaxed
 * binding turns the environment variables into {@code recon.security.api-keys}.
 */
class DockerComposeTest {

    private static final List<String> SERVICES = List.of("command-side", "query-side");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    private static final Pattern KNOWN_RECON_VARIABLE = Pattern.compile(
            "RECON_DB_(URL|USER|PASSWORD|POOL_SIZE)|RECON_SECURITY_API_KEYS_\\d+_(NAME|SHA256|ROLE|SYSTEM|TEAM)");

    private static Path root;
    private static Map<String, Object> compose;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docker-compose.yml above " + Path.of("").toAbsolutePath()).isNotNull();
        root = dir;
        compose = yaml(root.resolve("docker-compose.yml"));
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        assertThat(node).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static Object at(Map<String, Object> tree, String dottedPath) {
        Object node = tree;
        for (String key : dottedPath.split("\\.")) {
            node = map(node, dottedPath).get(key);
        }
        return node;
    }

    private static Map<String, Object> service(String name) {
        return map(map(compose.get("services"), "services").get(name), "service " + name);
    }

    /** The environment as the container sees it: ${VAR:-default} resolved to its default (nothing else set). */
    private static Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(service(service).get("environment"), service + ".environment").forEach((name, value) -> {
            Matcher variable = COMPOSE_VARIABLE.matcher(String.valueOf(value));
            environment.put(name, variable.replaceAll(m -> Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2))));
        });
        return environment;
    }

    private static Binder binderOver(Map<String, String> environment) {
        // named like the real one, so Spring applies the environment-variable name mapping
        var source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(environment));
        return new Binder(ConfigurationPropertySources.from(source));
    }

    @Test
    void definesPostgresAndBothServices() {
        assertThat(map(compose.get("services"), "services")).containsOnlyKeys("postgres", "command-side", "query-side");
    }

    @Test
    void postgresIs17WithAHealthCheckAndAVolume() {
        Map<String, Object> postgres = service("postgres");
        assertThat(String.valueOf(postgres.get("image"))).matches("postgres:17(\\..*)?");
        assertThat(String.valueOf(at(postgres, "healthcheck.test"))).contains("pg_isready");
        assertThat(String.valueOf(postgres.get("volumes"))).contains(":/var/lib/postgresql/data");
    }

    @Test
    void postgresRunsWithTheServerSettingsOfTheEmbeddedDatabase() {
        List<String> command = ((List<?>) service("postgres").get("command")).stream().map(String::valueOf).toList();
        EmbeddedDatabase.SERVER_SETTINGS.forEach((name, value) ->
                assertThat(command).as("postgres command").containsSequence("-c", name + "=" + value));
    }

    @Test
    void eachServiceIsBuiltFromThisRepositoryWithTheMavenWrapper() throws IOException {
        for (String name : SERVICES) {
            Map<String, Object> build = map(service(name).get("build"), name + ".build");
            assertThat(root.resolve(String.valueOf(build.get("context"))).normalize()).isEqualTo(root.normalize());
            Path dockerfile = root.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")));
            assertThat(dockerfile).exists();
            String module = String.valueOf(at(build, "args.SERVICE"));
            assertThat(module).isEqualTo(name);
            assertThat(root.resolve(module).resolve("pom.xml")).exists();

            String recipe = Files.readString(dockerfile);
            assertThat(recipe).contains("ARG SERVICE").contains("./mvnw").contains("-pl \"${SERVICE}\" -am package")
                    .contains("${SERVICE}/target/${SERVICE}.jar");
            assertThat(Files.readString(root.resolve(module).resolve("pom.xml")))
                    .as("the jar name the Dockerfile copies").contains("<finalName>" + module + "</finalName>");
        }
    }

    @Test
    void eachServiceWaitsForAHealthyPostgres() {
        for (String name : SERVICES) {
            assertThat(at(service(name), "depends_on.postgres.condition")).as(name).isEqualTo("service_healthy");
        }
    }

    @Test
    void publishedPortsAreTheOnesTheServicesListenOn() throws IOException {
        for (String name : SERVICES) {
            Map<String, Object> config = yaml(root.resolve(name).resolve("src/main/resources/application.yml"));
            int port = ((Number) at(config, "server.port")).intValue();
            assertThat(environment(name)).doesNotContainKeys("SERVER_PORT");
            assertThat((List<?>) service(name).get("ports")).as(name).map(String::valueOf).contains(port + ":" + port);
        }
        assertThat(((Number) at(yaml(root.resolve("command-side/src/main/resources/application.yml")), "server.port")).intValue())
                .isEqualTo(8080);
        assertThat(((Number) at(yaml(root.resolve("query-side/src/main/resources/application.yml")), "server.port")).intValue())
                .isEqualTo(8081);
    }

    @Test
    void databaseVariablesReachTheDataSourcePlaceholders() throws IOException {
        Map<String, Object> common = yaml(root.resolve("service-support/src/main/resources/recon-common.yml"));
        assertThat(at(common, "spring.datasource.url")).isEqualTo("${recon.db.url}");
        assertThat(at(common, "spring.datasource.username")).isEqualTo("${recon.db.user}");
        assertThat(at(common, "spring.datasource.password")).isEqualTo("${recon.db.password}");
        Map<String, String> postgres = environment("postgres");

        for (String name : SERVICES) {
            Map<String, String> environment = environment(name);
            assertThat(environment).containsKeys("RECON_DB_URL", "RECON_DB_USER", "RECON_DB_PASSWORD");
            Binder binder = binderOver(environment);
            String url = binder.bind("recon.db.url", String.class).get();
            assertThat(url).isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
            assertThat(binder.bind("recon.db.user", String.class).get()).isEqualTo(postgres.get("POSTGRES_USER"));
            assertThat(binder.bind("recon.db.password", String.class).get()).isEqualTo(postgres.get("POSTGRES_PASSWORD"))
                    .isNotBlank();
        }
    }

    @Test
    void everyReconVariableIsOneTheServicesRead() {
        List<String> apiKeyFields = Arrays.stream(ApiKeyProperties.ApiKey.class.getRecordComponents())
                .map(component -> component.getName().toUpperCase()).toList();
        assertThat(apiKeyFields).containsExactlyInAnyOrder("NAME", "SHA256", "ROLE", "SYSTEM", "TEAM");
        for (String name : SERVICES) {
            assertThat(environment(name).keySet().stream().filter(variable -> variable.startsWith("RECON_")))
                    .as(name).isNotEmpty()
                    .allSatisfy(variable -> assertThat(variable).matches(KNOWN_RECON_VARIABLE));
            assertThat(environment(name).getOrDefault("SPRING_PROFILES_ACTIVE", ""))
                    .as("not the embedded profile: its demo keys would be accepted").doesNotContain(DemoKeys.EMBEDDED_PROFILE);
        }
    }

    @Test
    void apiKeysBindAndAreAcceptedOutsideTheEmbeddedProfile() {
        for (String name : SERVICES) {
            Binder binder = binderOver(environment(name));
            ApiKeyProperties keys = binder.bind("recon.security", ApiKeyProperties.class).get();
            assertThat(keys.apiKeys()).as(name).hasSizeGreaterThanOrEqualTo(4);
            assertThat(keys.apiKeys()).allSatisfy(key -> {
                assertThat(key.name()).isNotBlank();
                assertThat(key.sha256()).matches("[0-9a-f]{64}");
                assertThat(DemoKeys.isDemoHash(key.sha256())).as(key.name() + " is not a demo key").isFalse();
            });
            assertThat(keys.apiKeys()).extracting(ApiKeyProperties.ApiKey::role).contains(Role.SOURCE, Role.ADMIN);

            // the service's own start-up check, outside the embedded profile
            ApiKeyRegistry registry = new ApiKeyRegistry(keys, new MockEnvironment());
            assertThat(registry.lookup("compose-admin-key")).map(ApiKeyPrincipal::role).contains(Role.ADMIN);
            assertThat(registry.lookup("compose-storefront-key")).map(ApiKeyPrincipal::system).contains("STOREFRONT");
            assertThat(registry.lookup("storefront-dev-key")).isEmpty();
        }
        assertThat(environment("command-side")).as("both services accept the same keys")
                .isEqualTo(environment("query-side"));
    }
}
