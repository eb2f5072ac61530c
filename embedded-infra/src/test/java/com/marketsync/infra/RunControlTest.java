package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marketsync.infra.RunControl.Action;
import com.marketsync.infra.RunControl.Reply;
import com.marketsync.infra.RunControl.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests to a running launcher through its control directory: the format, the exchange, the failures. */
class RunControlTest {

    @TempDir
    Path dataDir;

    private RunControl.Serving serving;

    @AfterEach
    void stopServing() {
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void aRequestIsOneLineOfActionAndComponent() {
        assertThat(new Request(Action.STOP, "postgresql").line()).isEqualTo("stop postgresql");
        assertThat(new Request(Action.KILL, "kafka").line()).isEqualTo("kill kafka");
        assertThat(Request.parse(" start  stockx-fetcher-2\n"))
                .isEqualTo(new Request(Action.START, "stockx-fetcher-2"));
        for (Action action : Action.values()) {
            Request request = new Request(action, "registry");
            assertThat(Request.parse(request.line())).isEqualTo(request);
        }
    }

    @Test
    void aMalformedRequestIsRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> Request.parse("restart kafka"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown action 'restart'; one of stop, kill, start");
        assertThatThrownBy(() -> Request.parse("stop"))
                .hasMessage("A request is '<stop|kill|start> <component>'; got 'stop'");
        assertThatThrownBy(() -> new Request(Action.STOP, "market writer"))
                .hasMessageStartingWith("A component name is one word");
        assertThatThrownBy(() -> new Request(Action.STOP, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLauncherCarriesOutEachRequestOnceInOrderAndTheSenderGetsItsAnswer() throws IOException {
        RunControl control = RunControl.in(dataDir);
        List<Request> handled = new CopyOnWriteArrayList<>();
        serving = control.serve(request -> {
            handled.add(request);
            return "Stopped " + request.component() + " (pid 42)";
        });

        Reply stop = control.send(new Request(Action.STOP, "postgresql"), Duration.ofSeconds(10), () -> true);
        Reply start = control.send(new Request(Action.START, "postgresql"), Duration.ofSeconds(10), () -> true);

        assertThat(stop).isEqualTo(new Reply(true, "Stopped postgresql (pid 42)"));
        assertThat(start.done()).isTrue();
        assertThat(handled)
                .containsExactly(new Request(Action.STOP, "postgresql"), new Request(Action.START, "postgresql"));
        assertThat(control.dir()).isEqualTo(dataDir.toAbsolutePath().resolve("control"));
        assertThat(control.pending()).isEmpty();
        try (var left = Files.list(control.dir())) {
            assertThat(left).as("request and reply files are removed").isEmpty();
        }
    }

    @Test
    void whatTheLauncherCouldNotDoComesBackAsAFailureWithItsReason() throws IOException {
        RunControl control = RunControl.in(dataDir);
        serving = control.serve(request -> {
            throw new IOException("kafka not ready after 120 s; last lines of kafka.log:\n    boom");
        });

        Reply reply = control.send(new Request(Action.START, "kafka"), Duration.ofSeconds(10), () -> true);

        assertThat(reply.done()).isFalse();
        assertThat(reply.message()).isEqualTo("kafka not ready after 120 s; last lines of kafka.log:\n    boom");
    }

    @Test
    void aSenderStopsWaitingAtOnceWhenTheLauncherIsGone() throws IOException {
        Reply reply =
                RunControl.in(dataDir).send(new Request(Action.STOP, "kafka"), Duration.ofMinutes(5), () -> false);

        assertThat(reply).isEqualTo(new Reply(false, "The launcher ended before answering stop kafka."));
    }

    @Test
    void aRequestNobodyTookInTimeIsWithdrawnAndNeverCarriedOutLater() throws IOException {
        RunControl control = RunControl.in(dataDir);

        Reply reply = control.send(new Request(Action.KILL, "kafka"), Duration.ZERO, () -> true);

        assertThat(reply.done()).isFalse();
        assertThat(reply.message()).isEqualTo("No answer to 'kill kafka' within 0 s; withdrawn.");
        assertThat(control.pending()).isEmpty();
    }

    @Test
    void servingStartsWithAnEmptyDirectorySoRequestsOfAnEarlierRunAreNotCarriedOut() throws IOException {
        RunControl control = RunControl.in(dataDir);
        Files.createDirectories(control.dir());
        Files.writeString(control.dir().resolve("0000000000001-old.request"), "kill postgresql\n");
        List<Request> handled = new CopyOnWriteArrayList<>();

        serving = control.serve(request -> {
            handled.add(request);
            return "done";
        });
        control.send(new Request(Action.STOP, "registry"), Duration.ofSeconds(10), () -> true);

        assertThat(handled).containsExactly(new Request(Action.STOP, "registry"));
    }

    @Test
    void aRequestWaitsWhileAnEarlierOneIsCarriedOut() throws Exception {
        RunControl control = RunControl.in(dataDir);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        serving = control.serve(request -> {
            if (request.action() == Action.START) {
                entered.countDown();
                release.await();
            }
            order.add(request.line());
            return "ok";
        });
        Thread first = sendInBackground(control, new Request(Action.START, "kafka"));
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.getCount() == 0);
        Thread second = sendInBackground(control, new Request(Action.STOP, "registry"));
        await().atMost(Duration.ofSeconds(10)).until(() -> control.pending().size() == 1);

        assertThat(order).isEmpty();
        release.countDown();
        assertThat(first.join(Duration.ofSeconds(10))).isTrue();
        assertThat(second.join(Duration.ofSeconds(10))).isTrue();

        assertThat(order).containsExactly("start kafka", "stop registry");
    }

    private static Thread sendInBackground(RunControl control, Request request) {
        return Thread.ofVirtual().start(() -> {
            try {
                control.send(request, Duration.ofSeconds(30), () -> true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
