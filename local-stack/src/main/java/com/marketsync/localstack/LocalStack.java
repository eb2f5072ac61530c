package com.marketsync.localstack;

import com.marketsync.infra.ApicurioRegistry;
import com.marketsync.infra.ChildProcess;
import com.marketsync.infra.ChildSpec;
import com.marketsync.infra.KafkaServer;
import com.marketsync.infra.PortCheck;
import com.marketsync.infra.PostgresServer;
import com.marketsync.infra.RestartBackoff;
import com.marketsync.infra.RunControl;
import com.marketsync.infra.RunLock;
import com.marketsync.infra.SpringBootService;
import com.marketsync.infra.Supervisor;
import com.marketsync.infra.Watchdog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole system on one machine: a Kafka broker, Apicurio Registry, PostgreSQL, the provider simulator and
 * the services, each a supervised child process (restarted with back-off when it dies), recorded with its pid in
 * the data directory's {@code run.lock} and watched by a watchdog process that stops them all should this launcher
 * be killed; stopped again on close (or Ctrl-C). While it runs, another terminal can stop a component and hold it
 * stopped, and start it again ({@code --stop}, {@code --start}: requests in the data directory's {@code control}).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);
    private static final Pattern REPLICA = Pattern.compile("(.+)-(\\d+)$");

    private final Settings settings;
    private final Object recording = new Object();
    private RunLock lock;
    private boolean ownsLock;
    private boolean closed;
    private volatile Supervisor supervisor;
    private volatile RunControl.Serving control;
    private OperatorKey operatorKey;
    private final List<String> services = new ArrayList<>();

    private LocalStack(Settings settings) {
        this.settings = settings;
    }

    /**
     * Where and how everything runs.
     *
     * @param dataDir PostgreSQL and Kafka data (kept between runs), the logs and the run's lock file
     * @param servicesDir the services' executable jars
     * @param fresh delete the data directory first
     * @param replicas instances of each fetcher (they share one budget per provider)
     * @param overrides Spring properties ({@code key=value}) given to every service after the stack's own
     * @param fastUnsafe PostgreSQL without fsync, full-page writes and synchronous commit (faster; a machine crash
     *     may lose or corrupt data)
     */
    public record Settings(
            Path dataDir,
            Path servicesDir,
            boolean fresh,
            Ports ports,
            int replicas,
            List<String> overrides,
            boolean fastUnsafe) {

        public Settings {
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }

        /** The fixed ports the README documents, durable PostgreSQL. */
        public static Settings defaults(
                Path dataDir, Path servicesDir, boolean fresh, int replicas, List<String> overrides) {
            return new Settings(dataDir, servicesDir, fresh, Ports.defaults(), replicas, overrides, false);
        }

        /** The same settings, keeping the data of the last run. */
        public Settings keepingData() {
            return new Settings(dataDir, servicesDir, false, ports, replicas, overrides, fastUnsafe);
        }
    }

    /** Refusal to start, with what the user can do about it: another run is alive, or ports are in use. */
    static final class StartRefused extends IOException {
        StartRefused(String message) {
            super(message);
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
        lock = RunLock.in(data);
        takeOverFromPreviousRun();
        checkPorts();
        if (settings.fresh()) {
            deleteRecursively(data);
        }
        Path logs = Files.createDirectories(data.resolve("logs"));
        operatorKey = OperatorKey.loadOrCreate(data);
        supervisor = new Supervisor(RestartBackoff::standard, this::record);
        synchronized (recording) {
            ownsLock = true;
        }
        record();
        supervisor.start(Watchdog.spec(ProcessHandle.current().pid(), lock.file(), logs.resolve("watchdog.log")));
        Ports ports = settings.ports();

        log.info(
                "Starting PostgreSQL on port {}{}",
                ports.postgresql(),
                settings.fastUnsafe() ? " (--fast-unsafe: fsync and synchronous commit off)" : "");
        PostgresServer postgres = PostgresServer.prepare(
                data.resolve("postgres"),
                ports.postgresql(),
                logs.resolve("postgresql.log"),
                settings.fastUnsafe() ? PostgresServer.Durability.FAST_UNSAFE : PostgresServer.Durability.DURABLE);
        supervisor.start(postgres.spec("postgresql"));
        postgres.createDatabaseIfMissing("registry");

        log.info("Starting Kafka on port {}", ports.kafka());
        KafkaServer kafka = KafkaServer.prepare(
                data.resolve("kafka"),
                ports.kafka(),
                ports.kafkaController(),
                logs.resolve("kafka.log"),
                System.getProperty("java.class.path"));
        supervisor.start(kafka.spec("kafka"));

        log.info("Starting Apicurio Registry on port {}", ports.registry());
        supervisor.start(ApicurioRegistry.onPostgres(
                "registry",
                logs.resolve("apicurio-registry.log"),
                ports.registry(),
                postgres.jdbcUrl("registry"),
                PostgresServer.USER,
                PostgresServer.PASSWORD));

        List<String> common = List.of(
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "market.registry.url=" + ApicurioRegistry.coreApiUrl(ports.registry()),
                "spring.datasource.url=" + postgres.jdbcUrl("postgres"),
                "spring.datasource.username=" + PostgresServer.USER,
                "spring.datasource.password=" + PostgresServer.PASSWORD);
        String sim = simUrl();
        Map<String, List<String>> toStart = new LinkedHashMap<>();
        toStart.put("provider-sim", List.of());
        toStart.put("market-writer", with(common, operatorKey.writerProperties()));
        List<String> fetcherCommon = fetcherProperties(common);
        for (int replica = 1; replica <= settings.replicas(); replica++) {
            String suffix = replica == 1 ? "" : "-" + replica;
            toStart.put(
                    "stockx-fetcher" + suffix,
                    with(
                            fetcherCommon,
                            "market.stockx.base-url=" + sim + "/stockx/v2",
                            "market.stockx.token-url=" + sim + "/stockx/oauth/token"));
            toStart.put(
                    "alias-fetcher" + suffix, with(fetcherCommon, "market.alias.base-url=" + sim + "/alias/api/v1"));
            toStart.put(
                    "ebay-fetcher" + suffix,
                    with(
                            fetcherCommon,
                            "market.ebay.base-url=" + sim + "/ebay/buy/browse/v1",
                            "market.ebay.token-url=" + sim + "/ebay/identity/v1/oauth2/token"));
        }
        toStart.put("planner-service", with(plannerProperties(common), operatorKey.plannerProperties()));
        List<ChildProcess> launched = new ArrayList<>();
        for (Map.Entry<String, List<String>> service : toStart.entrySet()) {
            launched.add(supervisor.launch(service(service.getKey(), service.getValue(), logs)));
            services.add(service.getKey());
        }
        for (ChildProcess service : launched) {
            supervisor.awaitReady(service);
            log.info("{} is up at {}", service.name(), url(service.spec().port()));
        }
        control = RunControl.in(data).serve(this::control);
    }

    /** Carries out {@code ./run-local --stop/--start} from another terminal. */
    private String control(RunControl.Request request) throws IOException {
        String name = request.component();
        List<String> known = supervisor.children().stream()
                .map(ChildProcess::name)
                .filter(child -> !child.equals(RunLock.WATCHDOG))
                .toList();
        if (!known.contains(name)) {
            throw new IllegalArgumentException(StackControl.unknown(name, known));
        }
        String stays = "; it stays stopped until ./run-local --start " + name + ".";
        return switch (request.action()) {
            case STOP -> supervisor.hold(name, false) + stays;
            case KILL -> supervisor.hold(name, true) + stays;
            case START -> {
                try {
                    yield supervisor.release(name) + ".";
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + " ./run-local --start " + name + " tries again.", e);
                }
            }
        };
    }

    private ChildSpec service(String name, List<String> properties, Path logs) {
        String jar = name.replaceFirst("-\\d+$", "");
        return SpringBootService.spec(
                name,
                settings.servicesDir().resolve(jar + ".jar"),
                port(name),
                overridden(properties, settings.overrides()),
                logs.resolve(name + ".log"));
    }

    /** A service's port by its name; replicas are named {@code <fetcher>-<n>}. */
    private int port(String name) {
        Matcher replica = REPLICA.matcher(name);
        if (replica.matches() && Ports.FETCHERS.contains(replica.group(1))) {
            return settings.ports().replica(replica.group(1), Integer.parseInt(replica.group(2)));
        }
        return settings.ports().of(name);
    }

    /**
     * A live earlier run on this data directory refuses the start; one that ended without stopping (its launcher was
     * killed) has its leftovers stopped first.
     */
    private void takeOverFromPreviousRun() throws IOException {
        var running = lock.liveLauncher();
        if (running.isPresent()) {
            RunLock.Entry launcher = running.get();
            throw new StartRefused(String.format(
                    "market-sync is already running from %s (launcher pid %d, started %s).%n"
                            + "See it with ./run-local --status; stop it with Ctrl-C in its terminal or kill %d.",
                    settings.dataDir().toAbsolutePath(),
                    launcher.pid(),
                    time(launcher.startedMillis()),
                    launcher.pid()));
        }
        List<RunLock.Entry> previous = lock.read();
        if (previous.isEmpty()) {
            return;
        }
        long launcherPid = previous.stream()
                .filter(e -> e.name().equals(RunLock.LAUNCHER))
                .mapToLong(RunLock.Entry::pid)
                .findFirst()
                .orElse(0);
        List<RunLock.Entry> stopped = lock.stopLeftovers(LEFTOVER_GRACE);
        log.warn(
                "The previous run (launcher pid {}) ended without stopping; {}",
                launcherPid,
                stopped.isEmpty()
                        ? "nothing of it was left running"
                        : "stopped what it left running: "
                                + stopped.stream()
                                        .map(e -> e.name() + " (pid " + e.pid() + ")")
                                        .collect(Collectors.joining(", ")));
    }

    /** Fails before anything starts if a port is taken, naming each port, its component and its holder. */
    private void checkPorts() throws StartRefused {
        List<PortCheck.Need> needs;
        try {
            needs = settings.ports().needs(settings.replicas());
        } catch (IllegalArgumentException e) {
            throw new StartRefused(e.getMessage());
        }
        List<PortCheck.Busy> busy = PortCheck.busy(needs);
        if (busy.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("Cannot start: ")
                .append(busy.size() == 1 ? "a port" : busy.size() + " ports")
                .append(" the stack needs ")
                .append(busy.size() == 1 ? "is" : "are")
                .append(" in use.")
                .append(System.lineSeparator());
        busy.forEach(b -> message.append("  ").append(b.describe()).append(System.lineSeparator()));
        PortCheck.Busy first = busy.getFirst();
        String component = first.need().component().replaceFirst("-\\d+$", "");
        message.append("Stop what holds ")
                .append(busy.size() == 1 ? "it" : "them")
                .append(", or move a component to a free port with --port <component>=<port>, e.g. ./run-local --port ")
                .append(component)
                .append('=')
                .append(
                        first.need().port() + 10000 <= 65535
                                ? first.need().port() + 10000
                                : first.need().port() - 1000)
                .append(" (components: ")
                .append(String.join(", ", Ports.COMPONENTS))
                .append(").");
        throw new StartRefused(message.toString());
    }

    /** Writes the run's lock file: this launcher and every child with pid, port, health, state and restarts. */
    private void record() {
        synchronized (recording) {
            if (closed || !ownsLock) {
                return;
            }
            List<RunLock.Entry> entries = new ArrayList<>();
            entries.add(RunLock.Entry.of(
                    RunLock.LAUNCHER,
                    ProcessHandle.current(),
                    ChildSpec.StopSignal.TERM,
                    0,
                    "-",
                    ChildProcess.State.RUNNING.name(),
                    0,
                    "-"));
            if (supervisor != null) {
                supervisor.children().forEach(child -> entries.add(RunLock.Entry.of(child)));
            }
            try {
                lock.write(entries);
            } catch (IOException e) {
                log.warn("Could not write {}: {}", lock.file(), e.getMessage());
            }
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

    private static List<String> with(List<String> common, String... more) {
        return with(common, List.of(more));
    }

    /**
     * The properties with each override replacing the property of the same key (Spring would join two command-line
     * values of one key with a comma).
     */
    static List<String> overridden(List<String> properties, List<String> overrides) {
        Map<String, String> byKey = new LinkedHashMap<>();
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

    /** JDBC URL of the database the services share (one schema each). */
    public String jdbcUrl() {
        return PostgresServer.jdbcUrl(settings.ports().postgresql(), "postgres");
    }

    /** Base URL of the provider simulator. */
    public String simUrl() {
        return url(settings.ports().providerSim());
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + settings.ports().kafka();
    }

    public String registryUrl() {
        return ApicurioRegistry.coreApiUrl(settings.ports().registry());
    }

    /**
     * The operator's API key (a WRITE key of the planner and the writer's admin key), kept in the data directory's
     * {@code operator.key}.
     */
    String operatorKey() {
        return operatorKey.key();
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static String time(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    /** What a person needs to use the running stack. */
    String summary() {
        Ports ports = settings.ports();
        String psql = "psql postgresql://" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "@127.0.0.1:"
                + ports.postgresql() + "/postgres";
        StringBuilder text = new StringBuilder("\nmarket-sync is running. Ctrl-C stops everything.\n\n");
        services.forEach(name -> {
            text.append(String.format("  %-16s %s%n", name, url(port(name))));
            if (name.equals("planner-service")) {
                text.append(String.format(
                        "  %-16s Operator API key: %s (send as X-API-Key; API docs: %s/swagger-ui.html)%n",
                        "", operatorKey.key(), url(port(name))));
            }
            if (name.equals("market-writer")) {
                text.append(String.format(
                        "  %-16s Admin API (/api/admin: replays, republishing) takes the same key as X-API-Key%n", ""));
            }
        });
        text.append(String.format("  %-16s %s%n", "kafka", kafkaBootstrapServers()));
        text.append(String.format(
                "  %-16s %s (ccompat: %s)%n",
                "registry",
                ApicurioRegistry.baseUrl(ports.registry()),
                ApicurioRegistry.ccompatApiUrl(ports.registry())));
        text.append(String.format(
                "  %-16s %s%s%n",
                "postgresql", psql, settings.fastUnsafe() ? " (--fast-unsafe: fsync and synchronous commit off)" : ""));
        text.append(String.format(
                "  %-16s %s%n", "logs", settings.dataDir().toAbsolutePath().resolve("logs")));
        text.append(String.format(
                "%nA service that dies is restarted; ./run-local --status (from another terminal) shows each one,"
                        + "%n./run-local --stop <component> stops one (held: not restarted), --start <component> starts"
                        + " it again.%n"));
        text.append(String.format("Try: curl '%s/api/latest-prices?sku=DD1391-100'%n", url(ports.marketWriter())));
        return text.toString();
    }

    /** Stops every child process, newest first, the watchdog last, and removes the run's lock file. */
    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        if (supervisor != null) {
            supervisor.close();
        }
        synchronized (recording) {
            closed = true;
            if (ownsLock) {
                try {
                    lock.delete();
                } catch (IOException e) {
                    log.warn("Could not delete {}: {}", lock.file(), e.getMessage());
                }
            }
        }
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

    private static final String USAGE = """
            Usage: ./run-local [options]
              --fresh                 start with empty Kafka topics and database
              --replicas N            N instances of each fetcher (default 1)
              --set key=value         a Spring property for every service (repeatable)
              --port component=port   another port for one component (repeatable); components:
                                      %s
              --fast-unsafe           PostgreSQL without fsync and synchronous commit (faster, for demos: a crash
                                      of the machine may lose or corrupt data)
              --status                show the running stack: pid, port, health and restarts of each component
              --stop COMPONENT        stop one component of the running stack and hold it stopped (no restart);
                                      add --kill to kill it with SIGKILL instead, as a crash would
              --start COMPONENT       start a component held by --stop (or given up on) again
              --data-dir DIR          where data, logs and the run's lock file live (default .local-stack); --status,
                                      --stop and --start act on the stack running from it
              --services DIR          the services' executable jars
            """;

    /**
     * Entry point of {@code ./run-local}; see {@link #USAGE} for the options. Exit codes: 0 after a clean stop,
     * 1 if the stack cannot start (already running, a port in use, a component failing to start), 2 for a wrong
     * option; with {@code --status}: 0 all healthy, 1 not running, 3 running with a component not healthy (or held
     * stopped); with {@code --stop} and {@code --start}: 0 done, 1 not running or failed, 2 an unknown component.
     */
    public static void main(String[] args) throws Exception {
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        switch (command.mode()) {
            case HELP -> {
                System.out.print(usage());
                System.exit(0);
            }
            case STATUS -> System.exit(StackStatus.print(command.settings().dataDir(), System.out));
            case CONTROL ->
                System.exit(StackControl.run(command.settings().dataDir(), command.control(), System.out, System.err));
            case RUN -> run(command.settings());
        }
    }

    private static void run(Settings settings) throws InterruptedException {
        LocalStack stack = new LocalStack(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (stack.supervisor != null) {
                                log.info("Stopping market-sync");
                            }
                            stack.close();
                            stopped.countDown();
                        },
                        "stop-local-stack"));
        try {
            stack.startAll();
        } catch (StartRefused e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            log.error("market-sync did not start: {}", e.getMessage());
            System.exit(1);
        }
        System.out.println(stack.summary());
        stopped.await();
    }

    private static String usage() {
        return USAGE.formatted(String.join(", ", Ports.COMPONENTS));
    }
}
