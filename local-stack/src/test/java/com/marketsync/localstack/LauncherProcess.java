package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.infra.JavaRuntime;
import com.marketsync.infra.RunLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher, run as {@code ./run-local} runs it: a JVM of its own on local-stack's classes and runtime
 * classpath, with {@code LocalStack}'s command-line options. Its output goes to a file beside the data directory.
 */
final class LauncherProcess {

    static final String RUNNING = "market-sync is running";

    private final Process process;
    private final Path output;
    private final LocalStack.Settings settings;

    private LauncherProcess(Process process, Path output, LocalStack.Settings settings) {
        this.process = process;
        this.output = output;
        this.settings = settings;
    }

    /** Starts a launcher with the settings' options plus {@code more}. */
    static LauncherProcess start(LocalStack.Settings settings, String... more) throws IOException {
        List<String> arguments = new ArrayList<>(options(settings));
        arguments.addAll(List.of(more));
        Path output = Files.createTempFile(settings.dataDir().toAbsolutePath().getParent(), "launcher-", ".out");
        Process process = new ProcessBuilder(command(arguments))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new LauncherProcess(process, output, settings);
    }

    /** Runs a launcher that is expected to end by itself (a refused start, {@code --status}) within a minute. */
    static Finished run(LocalStack.Settings settings, String... more) throws Exception {
        return run(Duration.ofMinutes(1), settings, more);
    }

    /** Runs a launcher that is expected to end by itself within {@code timeout} (e.g. {@code --start}). */
    static Finished run(Duration timeout, LocalStack.Settings settings, String... more) throws Exception {
        LauncherProcess launcher = start(settings, more);
        assertThat(launcher.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("launcher ended by itself; output so far:%n%s", launcher.output())
                .isTrue();
        return new Finished(launcher.process.exitValue(), launcher.output());
    }

    /** How a launcher that ended by itself ended. */
    record Finished(int exitCode, String output) {}

    private static List<String> options(LocalStack.Settings settings) {
        List<String> options = new ArrayList<>(List.of(
                "--data-dir",
                settings.dataDir().toString(),
                "--services",
                settings.servicesDir().toAbsolutePath().toString(),
                "--replicas",
                Integer.toString(settings.replicas())));
        for (String component : Ports.COMPONENTS) {
            options.addAll(List.of("--port", component + "=" + settings.ports().of(component)));
        }
        settings.overrides().forEach(override -> options.addAll(List.of("--set", override)));
        if (settings.fresh()) {
            options.add("--fresh");
        }
        if (settings.fastUnsafe()) {
            options.add("--fast-unsafe");
        }
        return options;
    }

    private static List<String> command(List<String> arguments) throws IOException {
        String classpath = Path.of("target", "classes").toAbsolutePath()
                + java.io.File.pathSeparator
                + Files.readString(Path.of("target", "classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(JavaRuntime.javaExecutable(), "-cp", classpath));
        String repository = System.getProperty("maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add(1, "-Dmaven.repo.local=" + repository);
        }
        command.add(LocalStack.class.getName());
        command.addAll(arguments);
        return command;
    }

    /** Waits until the launcher says the stack is running, failing at once (with its output) if it ends. */
    void awaitRunning(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertThat(process.isAlive())
                    .as("launcher exited with %s:%n%s", process.isAlive() ? "-" : process.exitValue(), output())
                    .isTrue();
            return output().contains(RUNNING);
        });
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    /** The processes of the run the lock file lists now. */
    List<RunLock.Entry> entries() throws IOException {
        return RunLock.in(settings.dataDir()).read();
    }

    RunLock.Entry entry(String name) throws IOException {
        return entries().stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the lock file"));
    }

    /** SIGKILL, as {@code kill -9} or the OOM killer would. */
    void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM, as a service manager (or a closed terminal) would; waits until the launcher has ended. */
    int stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("launcher stopped").isTrue();
        return process.exitValue();
    }
}
