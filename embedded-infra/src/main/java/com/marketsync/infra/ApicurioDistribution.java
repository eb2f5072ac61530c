package com.marketsync.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Apicurio Registry distribution that Maven downloaded ({@code io.apicurio:apicurio-registry-app:tar.gz:all})
 * and unpacks it once into a cache directory.
 */
final class ApicurioDistribution {

    static final String VERSION = "3.3.3";
    private static final String ARCHIVE_PROPERTY = "market.apicurio.archive";

    private ApicurioDistribution() {}

    /** Directory that holds {@code quarkus-run.jar}, unpacking the archive first if needed. */
    static synchronized Path unpacked() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "market-sync", "apicurio-registry-" + VERSION);
        if (Files.exists(target.resolve("quarkus-run.jar"))) {
            return target;
        }
        Path archive = archive();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "unpack-");
        run("tar", "-xzf", archive.toString(), "-C", staging.toString());
        Path jar;
        try (var found = Files.find(
                staging, 3, (path, attrs) -> path.getFileName().toString().equals("quarkus-run.jar"))) {
            jar = found.findFirst().orElseThrow(() -> new IOException("No quarkus-run.jar inside " + archive));
        }
        try {
            Files.move(jar.getParent(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(target.resolve("quarkus-run.jar"))) {
                throw e;
            }
            // another process unpacked it at the same time
        }
        return target;
    }

    private static Path archive() throws IOException {
        String explicit = System.getProperty(ARCHIVE_PROPERTY, System.getenv("MARKET_APICURIO_ARCHIVE"));
        if (explicit != null && !explicit.isBlank()) {
            return existing(Path.of(explicit));
        }
        String repo = System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return existing(Path.of(
                repo,
                "io",
                "apicurio",
                "apicurio-registry-app",
                VERSION,
                "apicurio-registry-app-" + VERSION + "-all.tar.gz"));
    }

    private static Path existing(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("Apicurio Registry distribution not found at " + archive
                    + "; build with ./mvnw so Maven downloads it, or set -D" + ARCHIVE_PROPERTY);
        }
        return archive;
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("Command failed: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", command), e);
        }
    }
}
