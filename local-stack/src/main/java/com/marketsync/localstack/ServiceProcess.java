package com.marketsync.localstack;

import com.marketsync.infra.ChildProcesses;
import com.marketsync.infra.JavaRuntime;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One of our Spring Boot services run as a child process from its executable jar. */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path logFile;

    private final List<String> command;

    private ServiceProcess(String name, int port, Process process, Path logFile, List<String> command) {
        this.command = List.copyOf(command);
        this.name = name;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code <servicesDir>/<name>.jar} on {@code port} with the given Spring properties; replicas of one
     * service get a suffix (e.g. {@code -2}) in their name and log file.
     */
    static ServiceProcess start(
            Path servicesDir, String name, String replicaSuffix, int port, List<String> properties, Path logDir)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                JavaRuntime.javaExecutable(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                servicesDir.resolve(name + ".jar").toString(),
                "--server.port=" + port));
        properties.forEach(p -> command.add("--" + p));
        Path logFile = logDir.resolve(name + replicaSuffix + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        return new ServiceProcess(name + replicaSuffix, port, process, logFile, command);
    }

    /** Waits until the service's actuator health says UP. */
    void awaitHealthy(Duration timeout) throws IOException {
        ChildProcesses.awaitHttpOk(process, URI.create(url() + "/actuator/health"), timeout, name, logFile);
    }

    /** Kills the process with SIGKILL, as a crash would, and starts it again with the same command and log. */
    ServiceProcess crashAndRestart() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing " + name, e);
        }
        Process again = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new ServiceProcess(name, port, again, logFile, command);
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(20));
    }
}
