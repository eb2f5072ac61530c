package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.infra.ChildSpec;
import com.marketsync.infra.RunControl;
import com.marketsync.infra.RunLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --stop} and {@code --start} from another terminal against a run recorded in a lock file (this JVM plays
 * the launcher), and {@code --status} of a held component.
 */
class StackControlTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private RunControl.Serving serving;

    @AfterEach
    void stopServing() {
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void withoutARunningStackItSaysSoAndFails() throws IOException {
        int exit = run(new RunControl.Request(RunControl.Action.STOP, "postgresql"));

        assertThat(exit).isEqualTo(1);
        assertThat(err())
                .isEqualTo("market-sync is not running from " + dataDir.toAbsolutePath() + ": nothing to stop.");
    }

    @Test
    void anUnknownComponentIsRefusedListingTheOnesTheRunningStackHas() throws IOException {
        recordRun("RUNNING");

        int exit = run(new RunControl.Request(RunControl.Action.KILL, "kafak"));

        assertThat(exit).isEqualTo(2);
        assertThat(err())
                .isEqualTo("Unknown component 'kafak'; --stop and --start know postgresql, kafka, stockx-fetcher-2");
    }

    @Test
    void theRequestGoesToTheRunningLauncherAndItsAnswerIsPrinted() throws IOException {
        recordRun("RUNNING");
        List<RunControl.Request> received = new CopyOnWriteArrayList<>();
        serving = RunControl.in(dataDir).serve(request -> {
            received.add(request);
            if (request.action() == RunControl.Action.START) {
                throw new IOException("kafka not ready after 120 s");
            }
            return "Killed kafka (pid 42) with SIGKILL; it stays stopped until ./run-local --start kafka.";
        });

        int killed = run(new RunControl.Request(RunControl.Action.KILL, "kafka"));
        assertThat(killed).isZero();
        assertThat(out())
                .isEqualTo("Killed kafka (pid 42) with SIGKILL; it stays stopped until ./run-local --start kafka.");

        out.reset();
        int started = run(new RunControl.Request(RunControl.Action.START, "kafka"));
        assertThat(started).isEqualTo(1);
        assertThat(err()).isEqualTo("kafka not ready after 120 s");
        assertThat(received)
                .containsExactly(
                        new RunControl.Request(RunControl.Action.KILL, "kafka"),
                        new RunControl.Request(RunControl.Action.START, "kafka"));
    }

    @Test
    void statusShowsAHeldComponentWithoutPidAndSaysHowToStartItAgain() throws IOException {
        recordRun("HELD");
        ByteArrayOutputStream status = new ByteArrayOutputStream();

        int exit = StackStatus.print(dataDir, new PrintStream(status, true, StandardCharsets.UTF_8));

        String text = status.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("a held component is not healthy").isEqualTo(3);
        assertThat(text.lines()).anySatisfy(line -> assertThat(line.strip().split("\\s+"))
                .startsWith("kafka", "-", "9092", "DOWN", "HELD", "0"));
        assertThat(text)
                .contains("Held stopped by --stop (not restarted): kafka; ./run-local --start <component> starts one"
                        + " again.");
    }

    /** A run whose launcher is this JVM, with a dead kafka in the given state. */
    private void recordRun(String kafkaState) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        RunLock.in(dataDir)
                .write(List.of(
                        RunLock.Entry.of(RunLock.LAUNCHER, self, ChildSpec.StopSignal.TERM, 0, "-", "RUNNING", 0, "-"),
                        RunLock.Entry.of(RunLock.WATCHDOG, self, ChildSpec.StopSignal.TERM, 0, "-", "RUNNING", 0, "-"),
                        RunLock.Entry.of("postgresql", self, ChildSpec.StopSignal.INT, 0, "-", "RUNNING", 0, "-"),
                        new RunLock.Entry(
                                "kafka",
                                Integer.MAX_VALUE,
                                1,
                                ChildSpec.StopSignal.TERM,
                                9092,
                                "-",
                                kafkaState,
                                0,
                                "/logs/kafka.log"),
                        RunLock.Entry.of(
                                "stockx-fetcher-2", self, ChildSpec.StopSignal.TERM, 0, "-", "RUNNING", 0, "-")));
    }

    private int run(RunControl.Request request) throws IOException {
        return StackControl.run(
                dataDir,
                request,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).strip();
    }
}
