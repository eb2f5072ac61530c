package com.marketsync.localstack;

import com.marketsync.infra.RunControl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code ./run-local}: run the stack (with its settings), show the running one ({@code --status}), or
 * stop or start one of its components ({@code --stop <component> [--kill]}, {@code --start <component>}).
 *
 * @param control the request to the running stack, for {@link Mode#CONTROL}
 */
record CommandLine(Mode mode, LocalStack.Settings settings, RunControl.Request control) {

    /** What the command does. */
    enum Mode {
        RUN,
        STATUS,
        CONTROL,
        HELP
    }

    /**
     * Reads the options.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or wrong value, or options that do not go
     *     together
     */
    static CommandLine parse(String... args) {
        boolean fresh = false;
        boolean fastUnsafe = false;
        boolean status = false;
        boolean kill = false;
        String stop = null;
        String start = null;
        int replicas = 1;
        List<String> overrides = new ArrayList<>();
        Ports ports = Ports.defaults();
        Path dataDir = Path.of(".local-stack");
        Path servicesDir = Path.of("local-stack", "target", "services");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--fast-unsafe" -> fastUnsafe = true;
                case "--status" -> status = true;
                case "--stop" -> stop = value(args, ++i);
                case "--start" -> start = value(args, ++i);
                case "--kill" -> kill = true;
                case "--replicas" -> replicas = number(value(args, ++i), "--replicas");
                case "--set" -> overrides.add(value(args, ++i));
                case "--port" -> ports = ports.with(value(args, ++i));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--services" -> servicesDir = Path.of(value(args, ++i));
                case "--help", "-h" -> {
                    return new CommandLine(Mode.HELP, null, null);
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("--replicas must be at least 1");
        }
        if ((status ? 1 : 0) + (stop != null ? 1 : 0) + (start != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--status, --stop and --start go one at a time");
        }
        if (kill && stop == null) {
            throw new IllegalArgumentException(
                    "--kill goes with --stop <component>, e.g. ./run-local --stop kafka --kill");
        }
        LocalStack.Settings settings =
                new LocalStack.Settings(dataDir, servicesDir, fresh, ports, replicas, overrides, fastUnsafe);
        if (status) {
            return new CommandLine(Mode.STATUS, settings, null);
        }
        if (stop != null) {
            return new CommandLine(
                    Mode.CONTROL,
                    settings,
                    new RunControl.Request(kill ? RunControl.Action.KILL : RunControl.Action.STOP, stop));
        }
        if (start != null) {
            return new CommandLine(Mode.CONTROL, settings, new RunControl.Request(RunControl.Action.START, start));
        }
        return new CommandLine(Mode.RUN, settings, null);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int number(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number; got " + value);
        }
    }
}
