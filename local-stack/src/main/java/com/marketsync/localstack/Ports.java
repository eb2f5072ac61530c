package com.marketsync.localstack;

import com.marketsync.infra.PortCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The port of every component of the local stack, one setting each ({@code ./run-local --port <component>=<n>}).
 * Replica n (from 2) of a fetcher listens on its fetcher's port + 100 × (n−1).
 */
public record Ports(
        int postgresql,
        int kafka,
        int kafkaController,
        int registry,
        int providerSim,
        int marketWriter,
        int stockxFetcher,
        int aliasFetcher,
        int ebayFetcher,
        int plannerService) {

    /** The names {@code --port} accepts, in start order. */
    public static final List<String> COMPONENTS = List.of(
            "postgresql",
            "kafka",
            "kafka-controller",
            "registry",
            "provider-sim",
            "market-writer",
            "stockx-fetcher",
            "alias-fetcher",
            "ebay-fetcher",
            "planner-service");

    static final List<String> FETCHERS = List.of("stockx-fetcher", "alias-fetcher", "ebay-fetcher");

    /** The ports the README documents. */
    public static Ports defaults() {
        return new Ports(15432, 9092, 9093, 8081, 8090, 8083, 8082, 8084, 8085, 8080);
    }

    /** The port of a component by its {@code --port} name. */
    public int of(String component) {
        return switch (component) {
            case "postgresql" -> postgresql;
            case "kafka" -> kafka;
            case "kafka-controller" -> kafkaController;
            case "registry" -> registry;
            case "provider-sim" -> providerSim;
            case "market-writer" -> marketWriter;
            case "stockx-fetcher" -> stockxFetcher;
            case "alias-fetcher" -> aliasFetcher;
            case "ebay-fetcher" -> ebayFetcher;
            case "planner-service" -> plannerService;
            default -> throw unknown(component);
        };
    }

    /** These ports with one component's port changed. */
    public Ports with(String component, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port " + component + "=" + port + ": a port is 1 to 65535");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        COMPONENTS.forEach(c -> ports.put(c, of(c)));
        if (!ports.containsKey(component)) {
            throw unknown(component);
        }
        ports.put(component, port);
        return new Ports(
                ports.get("postgresql"),
                ports.get("kafka"),
                ports.get("kafka-controller"),
                ports.get("registry"),
                ports.get("provider-sim"),
                ports.get("market-writer"),
                ports.get("stockx-fetcher"),
                ports.get("alias-fetcher"),
                ports.get("ebay-fetcher"),
                ports.get("planner-service"));
    }

    /** Applies {@code --port} values ({@code component=port}). */
    public Ports with(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("--port takes <component>=<port>, e.g. --port registry=18081; got "
                    + assignment + "; components: " + String.join(", ", COMPONENTS));
        }
        try {
            return with(
                    assignment.substring(0, equals).strip(),
                    Integer.parseInt(assignment.substring(equals + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port " + assignment + ": not a port number");
        }
    }

    /** The replica's port: replica n (from 1) of a fetcher listens on its port + 100 × (n−1). */
    int replica(String fetcher, int replica) {
        return of(fetcher) + 100 * (replica - 1);
    }

    /**
     * Every port a stack with {@code replicas} fetcher instances listens on, named as reports name them (replicas
     * get a suffix: {@code stockx-fetcher-2}); the infrastructure listens on 127.0.0.1, the services everywhere.
     *
     * @throws IllegalArgumentException if two components got the same port
     */
    List<PortCheck.Need> needs(int replicas) {
        List<PortCheck.Need> needs = new ArrayList<>();
        for (String component : COMPONENTS) {
            boolean service = !List.of("postgresql", "kafka", "kafka-controller", "registry")
                    .contains(component);
            int instances = FETCHERS.contains(component) ? replicas : 1;
            for (int replica = 1; replica <= instances; replica++) {
                String name = replica == 1 ? component : component + "-" + replica;
                needs.add(new PortCheck.Need(name, replica(component, replica), !service));
            }
        }
        Map<Integer, String> owners = new LinkedHashMap<>();
        for (PortCheck.Need need : needs) {
            String other = owners.putIfAbsent(need.port(), need.component());
            if (other != null) {
                throw new IllegalArgumentException("Port " + need.port() + " is given to both " + other + " and "
                        + need.component() + "; give one of them another with --port <component>=<port>");
            }
        }
        return needs;
    }

    private static IllegalArgumentException unknown(String component) {
        return new IllegalArgumentException(
                "Unknown component '" + component + "'; --port knows " + String.join(", ", COMPONENTS));
    }
}
