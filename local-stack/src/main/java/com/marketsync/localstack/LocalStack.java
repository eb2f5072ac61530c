package com.marketsync.localstack;

import com.marketsync.infra.ApicurioRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole system on one machine: a Kafka broker, Apicurio Registry, an embedded PostgreSQL, the provider
 * simulator and the services, each a child process stopped again on close (or Ctrl-C).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final String DB_USER = "postgres";
    private static final String DB_PASSWORD = "postgres";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Settings settings;
    private EmbeddedPostgres postgres;
    private KafkaBroker kafka;
    private ApicurioRegistry registry;
    private OperatorKey operatorKey;
    private final List<ServiceProcess> services = new ArrayList<>();

    private LocalStack(Settings settings) {
        this.settings = settings;
    }

    /**
     * Where everything runs.
     *
     * @param dataDir PostgreSQL and Kafka data (kept between runs) and the logs
     * @param servicesDir the services' executable jars
     * @param fresh delete the data directory first
     * @param replicas instances of each fetcher (they share one budget per provider)
     * @param overrides Spring properties ({@code key=value}) given to every service after the stack's own
     */
    public record Settings(
            Path dataDir,
            Path servicesDir,
            boolean fresh,
            int postgresPort,
            int kafkaPort,
            int kafkaControllerPort,
            int registryPort,
            int simPort,
            int plannerPort,
            int stockxFetcherPort,
            int writerPort,
            int aliasFetcherPort,
            int ebayFetcherPort,
            int replicas,
            List<String> overrides) {

        public Settings {
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }

        /** The fixed ports the README documents; replica n (from 2) of a fetcher listens on its port + 100 × (n-1). */
        public static Settings defaults(
                Path dataDir, Path servicesDir, boolean fresh, int replicas, List<String> overrides) {
            return new Settings(
                    dataDir,
                    servicesDir,
                    fresh,
                    15432,
                    9092,
                    9093,
                    8081,
                    8090,
                    8080,
                    8082,
                    8083,
                    8084,
                    8085,
                    replicas,
                    overrides);
        }
    }

    /**
     * The demo budgets: larger than the real providers' so the demo fills in minutes, shared by every replica, and
     * below the simulator's limits (25 calls/s per credential) so a healthy run causes no 429. The fetchers enforce
     * them and the planner plans against them. The planner paces work evenly over the day, so the daily limit
     * (1,000,000, about 11.6 calls/s) stays above the per-second one and the demo runs at 5 calls/s.
     */
    static final List<String> DEMO_BUDGET = Stream.of("stockx", "alias", "ebay")
            .flatMap(provider -> Stream.of(
                    "market.providers." + provider + ".budget.per-second=5",
                    "market.providers." + provider + ".budget.per-day=1000000"))
            .toList();

    /** Starts everything and waits until every service is healthy. */
    public static LocalStack start(Settings settings) throws IOException {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll();
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll() throws IOException {
        Path data = settings.dataDir().toAbsolutePath();
        if (settings.fresh()) {
            deleteRecursively(data);
        }
        Path logs = Files.createDirectories(data.resolve("logs"));
        operatorKey = OperatorKey.loadOrCreate(data);

        log.info("Starting PostgreSQL on port {}", settings.postgresPort());
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .start();
        started.add(postgres);
        createDatabaseIfMissing("registry");

        log.info("Starting Kafka on port {}", settings.kafkaPort());
        kafka = KafkaBroker.start(
                data.resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort(), logs.resolve("kafka.log"));
        started.add(kafka);

        registry = ApicurioRegistry.startOnPostgres(
                logs, settings.registryPort(), postgres.getJdbcUrl(DB_USER, "registry"), DB_USER, DB_PASSWORD);
        started.add(registry);

        String database = postgres.getJdbcUrl(DB_USER, "postgres");
        List<String> common = List.of(
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "market.registry.url=" + registry.coreApiUrl(),
                "spring.datasource.url=" + database,
                "spring.datasource.username=" + DB_USER,
                "spring.datasource.password=" + DB_PASSWORD);
        String sim = "http://127.0.0.1:" + settings.simPort();
        service("provider-sim", "", settings.simPort(), List.of(), logs);
        service("market-writer", "", settings.writerPort(), common, logs);
        List<String> fetcherCommon = fetcherProperties(common);
        for (int replica = 1; replica <= settings.replicas(); replica++) {
            int offset = 100 * (replica - 1);
            String suffix = replica == 1 ? "" : "-" + replica;
            service(
                    "stockx-fetcher",
                    suffix,
                    settings.stockxFetcherPort() + offset,
                    with(
                            fetcherCommon,
                            "market.stockx.base-url=" + sim + "/stockx/v2",
                            "market.stockx.token-url=" + sim + "/stockx/oauth/token"),
                    logs);
            service(
                    "alias-fetcher",
                    suffix,
                    settings.aliasFetcherPort() + offset,
                    with(fetcherCommon, "market.alias.base-url=" + sim + "/alias/api/v1"),
                    logs);
            service(
                    "ebay-fetcher",
                    suffix,
                    settings.ebayFetcherPort() + offset,
                    with(
                            fetcherCommon,
                            "market.ebay.base-url=" + sim + "/ebay/buy/browse/v1",
                            "market.ebay.token-url=" + sim + "/ebay/identity/v1/oauth2/token"),
                    logs);
        }
        List<String> planner = plannerProperties(common);
        service("planner-service", "", settings.plannerPort(), with(planner, operatorKey.plannerProperties()), logs);
        for (ServiceProcess service : services) {
            service.awaitHealthy(Duration.ofMinutes(3));
            log.info("{} is up at {}", service.name(), service.url());
        }
    }

    /** What every fetcher gets besides its own endpoints: the common properties and the demo budgets. */
    static List<String> fetcherProperties(List<String> common) {
        return with(common, DEMO_BUDGET);
    }

    /** The planner's own properties: the common ones, the demo budgets the fetchers enforce, and the demo catalog. */
    static List<String> plannerProperties(List<String> common) {
        return with(with(common, DEMO_BUDGET), "market.planner.demo-catalog=true");
    }

    private void service(String name, String replicaSuffix, int port, List<String> properties, Path logs)
            throws IOException {
        ServiceProcess service = ServiceProcess.start(
                settings.servicesDir(), name, replicaSuffix, port, overridden(properties, settings.overrides()), logs);
        services.add(service);
        started.add(service);
    }

    private static List<String> with(List<String> common, String... more) {
        return with(common, List.of(more));
    }

    /**
     * The properties with each override replacing the property of the same key (Spring would join two command-line
     * values of one key with a comma).
     */
    static List<String> overridden(List<String> properties, List<String> overrides) {
        java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
        for (String property : with(properties, overrides)) {
            int equals = property.indexOf('=');
            byKey.put(equals < 0 ? property : property.substring(0, equals), property);
        }
        return List.copyOf(byKey.values());
    }

    private static List<String> with(List<String> common, List<String> more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(more);
        return all;
    }

    private void createDatabaseIfMissing(String name) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IOException("Could not create database " + name, e);
        }
    }

    /** Kills one service with SIGKILL mid-work, as a crash would, starts it again and waits until it is healthy. */
    void crashAndRestart(String serviceName) throws IOException {
        for (int i = 0; i < services.size(); i++) {
            ServiceProcess service = services.get(i);
            if (service.name().equals(serviceName)) {
                ServiceProcess restarted = service.crashAndRestart();
                services.set(i, restarted);
                started.set(started.indexOf(service), restarted);
                restarted.awaitHealthy(Duration.ofMinutes(3));
                return;
            }
        }
        throw new IllegalArgumentException("no service " + serviceName);
    }

    /** JDBC URL of the database the services share (one schema each). */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(DB_USER, "postgres");
    }

    /** Base URL of the provider simulator. */
    public String simUrl() {
        return "http://127.0.0.1:" + settings.simPort();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The operator's API key (a WRITE key of the planner), kept in the data directory's {@code operator.key}. */
    String operatorKey() {
        return operatorKey.key();
    }

    public String registryUrl() {
        return registry.coreApiUrl();
    }

    /** What a person needs to use the running stack. */
    String summary() {
        String psql = "psql postgresql://" + DB_USER + ":" + DB_PASSWORD + "@127.0.0.1:" + settings.postgresPort()
                + "/postgres";
        StringBuilder text = new StringBuilder("\nmarket-sync is running. Ctrl-C stops everything.\n\n");
        services.forEach(s -> {
            text.append(String.format("  %-16s %s%n", s.name(), s.url()));
            if (s.name().equals("planner-service")) {
                text.append(String.format(
                        "  %-16s Operator API key: %s (send as X-API-Key; API docs: %s/swagger-ui.html)%n",
                        "", operatorKey.key(), s.url()));
            }
        });
        text.append(String.format("  %-16s %s%n", "kafka", kafka.bootstrapServers()));
        text.append(
                String.format("  %-16s %s (ccompat: %s)%n", "registry", registry.baseUrl(), registry.ccompatApiUrl()));
        text.append(String.format("  %-16s %s%n", "postgresql", psql));
        text.append(String.format(
                "  %-16s %s%n", "logs", settings.dataDir().toAbsolutePath().resolve("logs")));
        text.append(String.format(
                "%nTry: curl '%s/api/latest-prices?sku=DD1391-100'%n", "http://127.0.0.1:" + settings.writerPort()));
        return text.toString();
    }

    /** Stops every child process, newest first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", started.get(i), e.getMessage());
            }
        }
        started.clear();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Entry point of {@code ./run-local}. Options: {@code --fresh} (start with empty data), {@code --replicas N} (N
     * instances of each fetcher, default 1), {@code --set key=value} (a Spring property for every service, e.g.
     * {@code --set market.providers.stockx.budget.per-second=2}; repeatable), {@code --data-dir DIR} (default
     * .local-stack), {@code --services DIR} (the services' jars).
     */
    public static void main(String[] args) throws Exception {
        boolean fresh = false;
        int replicas = 1;
        List<String> overrides = new ArrayList<>();
        Path dataDir = Path.of(".local-stack");
        Path servicesDir = Path.of("local-stack", "target", "services");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--replicas" -> replicas = Integer.parseInt(args[++i]);
                case "--set" -> overrides.add(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--services" -> servicesDir = Path.of(args[++i]);
                default -> {
                    System.err.println("Unknown option " + args[i]
                            + "; use --fresh, --replicas N, --set key=value, --data-dir DIR, --services DIR");
                    System.exit(2);
                }
            }
        }
        if (replicas < 1) {
            System.err.println("--replicas must be at least 1");
            System.exit(2);
        }
        LocalStack stack = start(Settings.defaults(dataDir, servicesDir, fresh, replicas, overrides));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Stopping market-sync");
                            stack.close();
                            stopped.countDown();
                        },
                        "stop-local-stack"));
        System.out.println(stack.summary());
        stopped.await();
    }
}
