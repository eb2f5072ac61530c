package com.marketsync.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to a running launcher from another process ({@code ./run-local --stop/--start}), through the run's
 * {@code control} directory in its data directory: the client writes a request file ({@code <id>.request}, one line
 * such as {@code stop postgresql}), the launcher, which watches the directory, takes it, acts, and answers with
 * {@code <id>.reply} ({@code done} or {@code failed}, then what happened), which the client reads and deletes. Files
 * are written whole and moved into place, so neither side ever reads half a file. Requests are served one at a time,
 * in the order they were made.
 */
public final class RunControl {

    public static final String DIR = "control";

    private static final Logger log = LoggerFactory.getLogger(RunControl.class);
    private static final String REQUEST = ".request";
    private static final String REPLY = ".reply";
    private static final Duration POLL = Duration.ofMillis(200);

    private final Path dir;

    private RunControl(Path dir) {
        this.dir = dir;
    }

    /** The control directory of the run whose data lives in {@code dataDir}. */
    public static RunControl in(Path dataDir) {
        return new RunControl(dataDir.toAbsolutePath().resolve(DIR));
    }

    public Path dir() {
        return dir;
    }

    /** What a request asks of one component. */
    public enum Action {
        /** Stop it cleanly (its stop signal, SIGKILL after its grace) and hold it stopped. */
        STOP,
        /** Kill it with SIGKILL, as a crash would, and hold it stopped. */
        KILL,
        /** Start it again with its usual spec. */
        START
    }

    /** One request: an action on a component, named as {@code --status} names it. */
    public record Request(Action action, String component) {

        public Request {
            if (component == null || component.isBlank() || component.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "A component name is one word, e.g. postgresql; got '" + component + "'");
            }
        }

        /** {@code stop postgresql}, {@code kill kafka}, {@code start kafka}. */
        String line() {
            return action.name().toLowerCase(Locale.ROOT) + " " + component;
        }

        /** Reads {@link #line()} back. */
        static Request parse(String line) {
            String[] words = line.strip().split("\\s+");
            if (words.length != 2) {
                throw new IllegalArgumentException("A request is '<stop|kill|start> <component>'; got '" + line + "'");
            }
            Action action;
            try {
                action = Action.valueOf(words[0].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown action '" + words[0] + "'; one of stop, kill, start");
            }
            return new Request(action, words[1]);
        }
    }

    /** The launcher's answer: done (with what was done) or failed (with why). */
    public record Reply(boolean done, String message) {

        static Reply failed(String message) {
            return new Reply(false, message);
        }

        String text() {
            return (done ? "done" : "failed") + "\n" + message + "\n";
        }

        static Reply parse(String text) {
            int newline = text.indexOf('\n');
            String status =
                    newline < 0 ? text.strip() : text.substring(0, newline).strip();
            String message = newline < 0 ? "" : text.substring(newline + 1).strip();
            return new Reply(status.equals("done"), message);
        }
    }

    /** Carries out one request in the launcher; returns what was done, or throws saying why it could not be. */
    @FunctionalInterface
    public interface Handler {
        String handle(Request request) throws Exception;
    }

    /**
     * Sends a request and waits for the reply. Fails (without waiting out the timeout) once the launcher is gone; a
     * request not yet taken when waiting ends is withdrawn, so it is not carried out later.
     *
     * @param launcherAlive whether the launcher that serves the directory still runs
     */
    public Reply send(Request request, Duration timeout, BooleanSupplier launcherAlive) throws IOException {
        Files.createDirectories(dir);
        String id = String.format("%013d-%s", System.currentTimeMillis(), UUID.randomUUID());
        Path requestFile = dir.resolve(id + REQUEST);
        Path replyFile = dir.resolve(id + REPLY);
        writeAtomically(requestFile, request.line() + "\n");
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (true) {
                Optional<String> reply = readIfPresent(replyFile);
                if (reply.isPresent()) {
                    Files.deleteIfExists(replyFile);
                    return Reply.parse(reply.get());
                }
                if (!launcherAlive.getAsBoolean()) {
                    return Reply.failed("The launcher ended before answering " + request.line() + ".");
                }
                if (Instant.now().isAfter(deadline)) {
                    boolean taken = !Files.deleteIfExists(requestFile);
                    return Reply.failed(String.format(
                            "No answer to '%s' within %d s%s.",
                            request.line(),
                            timeout.toSeconds(),
                            taken ? " (the launcher took it and may still be at it; see its output)" : "; withdrawn"));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                if (Thread.currentThread().isInterrupted()) {
                    Files.deleteIfExists(requestFile);
                    return Reply.failed("Interrupted while waiting for the answer to " + request.line());
                }
            }
        } finally {
            Files.deleteIfExists(replyFile);
        }
    }

    /**
     * Serves requests until the returned handle is closed: clears what an earlier run left in the directory, then
     * watches it and answers each request with what {@code handler} did (or the message of what it threw).
     */
    public Serving serve(Handler handler) throws IOException {
        Files.createDirectories(dir);
        for (Path leftover : files("")) {
            Files.deleteIfExists(leftover);
        }
        Serving serving = new Serving(handler);
        serving.thread = Thread.ofVirtual().name("run-control").start(serving::run);
        return serving;
    }

    /** Requests waiting, oldest first. */
    List<Path> pending() throws IOException {
        return files(REQUEST);
    }

    /** The files of the directory ending in {@code suffix}, by name (so by request time). */
    private List<Path> files(String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().endsWith(suffix)) {
                    found.add(entry);
                }
            }
        } catch (NoSuchFileException none) {
            return List.of();
        }
        return found.stream().sorted().toList();
    }

    /** The launcher's side: one thread answering requests one at a time. */
    public final class Serving implements AutoCloseable {

        private final Handler handler;
        private volatile boolean closed;
        private Thread thread;

        private Serving(Handler handler) {
            this.handler = handler;
        }

        private void run() {
            while (!closed) {
                try {
                    for (Path requestFile : pending()) {
                        if (closed) {
                            return;
                        }
                        answer(requestFile);
                    }
                } catch (IOException | UncheckedIOException e) {
                    log.warn("Reading requests in {} failed: {}", dir, e.getMessage());
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        }

        private void answer(Path requestFile) throws IOException {
            Optional<String> line = readIfPresent(requestFile);
            // taken: deleted before acting, so a request is carried out at most once (and not if withdrawn)
            if (line.isEmpty() || !Files.deleteIfExists(requestFile)) {
                return;
            }
            String name = requestFile.getFileName().toString();
            Path replyFile = requestFile.resolveSibling(name.substring(0, name.length() - REQUEST.length()) + REPLY);
            Reply reply;
            try {
                Request request = Request.parse(line.get());
                log.info("Request from another terminal: {}", request.line());
                reply = new Reply(true, handler.handle(request));
            } catch (Exception e) {
                reply = Reply.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            writeAtomically(replyFile, reply.text());
        }

        /** Stops serving; a request being carried out is interrupted (the run is stopping anyway). */
        @Override
        public void close() {
            closed = true;
            thread.interrupt();
        }
    }

    private static Optional<String> readIfPresent(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    private void writeAtomically(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(dir, ".", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
