package com.marketsync.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so its wiring is checked against the code: every
 * service built from this repository is a module, and every environment key it sets is a configuration property
 * that service really has.
 */
class DockerComposeTest {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static final Path ROOT = Path.of("..");

    @Test
    void everyBuiltServiceIsAModuleAndEveryEnvironmentKeyIsARealProperty() throws IOException {
        Map<String, Map<String, Object>> services = services();
        List<String> built = new ArrayList<>();
        services.forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build) {
                String module = String.valueOf(((Map<?, ?>) build.get("args")).get("MODULE"));
                assertThat(name).isEqualTo(module);
                assertThat(ROOT.resolve(module).resolve("pom.xml"))
                        .as("module %s", module)
                        .exists();
                assertThat(ROOT.resolve(String.valueOf(build.get("dockerfile"))))
                        .exists();
                built.add(module);
            }
        });
        assertThat(built).contains("planner-service", "stockx-fetcher", "market-writer", "provider-sim");

        for (String module : built) {
            Set<String> known = propertiesOf(module);
            for (Object key : environment(services.get(module)).keySet()) {
                assertThat(known).as("%s sets %s", module, key).contains(relaxed(String.valueOf(key)));
            }
        }
    }

    @Test
    void servicesWaitForHealthyDependenciesAndCreateTopicsExplicitly() throws IOException {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> {
            if (service.get("build") != null
                    || List.of("kafka", "postgres", "registry").contains(name)) {
                assertThat(service).as("%s has a healthcheck", name).containsKey("healthcheck");
            }
            if (service.get("depends_on") instanceof Map<?, ?> dependsOn) {
                dependsOn.values().forEach(condition -> assertThat(((Map<?, ?>) condition).get("condition"))
                        .isIn("service_healthy", "service_completed_successfully"));
            }
        });
        assertThat(String.valueOf(services.get("kafka").get("environment")))
                .contains("KAFKA_AUTO_CREATE_TOPICS_ENABLE=false");
        assertThat(String.valueOf(services.get("kafka-topics").get("command")))
                .contains(
                        "market.price-snapshots",
                        "market.sync-outcomes",
                        "market.sync-requests",
                        "market.sync-supersessions --config retention.ms=86400000");
    }

    @Test
    void rejectsKeysTheServiceDoesNotHave() throws IOException {
        assertThat(propertiesOf("stockx-fetcher"))
                .contains(
                        relaxed("MARKET_STOCKX_BASE_URL"),
                        relaxed("MARKET_STOCKX_TOKEN_URL"),
                        relaxed("SPRING_KAFKA_BOOTSTRAP_SERVERS"),
                        relaxed("SPRING_DATASOURCE_URL"))
                .doesNotContain(relaxed("MARKET_STOCKX_BASE_URI"), relaxed("MARKET_STOCKX_AUTH_TOKEN_URL"));
        assertThat(propertiesOf("provider-sim"))
                .as("the simulator has no database")
                .doesNotContain(relaxed("SPRING_DATASOURCE_URL"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(in);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    private static Map<?, ?> environment(Map<String, Object> service) {
        return service.get("environment") instanceof Map<?, ?> env ? env : Collections.emptyMap();
    }

    /**
     * Property names one service really binds: the configuration metadata of its own classes and of every library
     * inside its executable jar (built by the reactor before this module).
     */
    private static Set<String> propertiesOf(String module) throws IOException {
        Path execJar;
        try (var files = Files.list(ROOT.resolve(module).resolve("target"))) {
            execJar = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no executable jar of " + module + "; build it first"));
        }
        Set<String> names = new HashSet<>();
        try (JarFile jar = new JarFile(execJar.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().equals(METADATA) || entry.getName().equals("BOOT-INF/classes/" + METADATA)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        addNames(in, names);
                    }
                } else if (entry.getName().startsWith("BOOT-INF/lib/")
                        && entry.getName().endsWith(".jar")) {
                    try (JarInputStream nested = new JarInputStream(jar.getInputStream(entry))) {
                        for (JarEntry inner = nested.getNextJarEntry();
                                inner != null;
                                inner = nested.getNextJarEntry()) {
                            if (inner.getName().equals(METADATA)) {
                                addNames(nested, names);
                            }
                        }
                    }
                }
            }
        }
        return names;
    }

    private static void addNames(InputStream metadata, Set<String> names) throws IOException {
        JsonNode properties =
                new ObjectMapper().readTree(metadata.readAllBytes()).path("properties");
        properties.forEach(p -> names.add(relaxed(p.path("name").asString())));
    }

    /** Spring's relaxed binding: MARKET_STOCKX_BASE_URL and market.stockx.base-url are the same property. */
    private static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", ".");
    }
}
