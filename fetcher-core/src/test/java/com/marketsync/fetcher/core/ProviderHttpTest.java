package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The HTTP client of every provider puts exactly one request on the wire per call, so every request a provider sees
 * was paid for with one budget token: no silent resend, no automatic retry, no followed redirect.
 */
class ProviderHttpTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

    private RawHttpServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void failsACallWhoseKeptAliveConnectionDropsWithoutResendingIt() throws IOException {
        // Answers the first request, then reads the second on the same connection and closes it unanswered.
        server = RawHttpServer.start(count -> count == 1 ? OK : RawHttpServer.DROP);
        RestClient http = client(Duration.ofSeconds(5));

        HttpAnswer first = http.get().uri("/first").exchange((request, response) -> HttpAnswer.of(response));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).asString(StandardCharsets.UTF_8).isEqualTo("ok");
        assertThatThrownBy(() -> http.get().uri("/second").exchange((request, response) -> HttpAnswer.of(response)))
                .isInstanceOf(ResourceAccessException.class);
        assertThat(server.requestLines()).containsExactly("GET /first HTTP/1.1", "GET /second HTTP/1.1");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void handsA503WithRetryAfterToTheCallerWithoutRetrying() throws IOException {
        server = RawHttpServer.start(
                count -> "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n");

        HttpAnswer answer = client(Duration.ofSeconds(5))
                .get()
                .uri("/busy")
                .exchange((request, response) -> HttpAnswer.of(response));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.isSuccess()).isFalse();
        assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("0");
        assertThat(server.requestLines()).containsExactly("GET /busy HTTP/1.1");
    }

    @Test
    void handsARedirectToTheCallerWithoutFollowingIt() throws IOException {
        server =
                RawHttpServer.start(count -> "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n");

        HttpAnswer answer = client(Duration.ofSeconds(5))
                .get()
                .uri("/moved")
                .exchange((request, response) -> HttpAnswer.of(response));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.headers().getFirst(HttpHeaders.LOCATION)).isEqualTo("/elsewhere");
        assertThat(server.requestLines()).containsExactly("GET /moved HTTP/1.1");
    }

    @Test
    void sendsNoCookieAProviderSet() throws IOException {
        server = RawHttpServer.start(
                count -> "HTTP/1.1 200 OK\r\nSet-Cookie: session=abc; Path=/\r\nContent-Length: 2\r\n\r\nok");
        RestClient http = client(Duration.ofSeconds(5));

        http.get().uri("/first").exchange((request, response) -> HttpAnswer.of(response));
        http.get().uri("/second").exchange((request, response) -> HttpAnswer.of(response));

        assertThat(server.requestLines()).hasSize(2);
        assertThat(server.headerNames()).noneMatch("cookie"::equals);
    }

    @Test
    void givesUpWhenTheAnswerTakesLongerThanTheReadTimeout() throws IOException {
        server = RawHttpServer.start(count -> RawHttpServer.HOLD);

        assertThatThrownBy(() -> client(Duration.ofMillis(300))
                        .get()
                        .uri("/slow")
                        .exchange((request, response) -> HttpAnswer.of(response)))
                .isInstanceOf(ResourceAccessException.class);
        assertThat(server.requestLines()).containsExactly("GET /slow HTTP/1.1");
    }

    private RestClient client(Duration readTimeout) {
        return ProviderHttp.restClient(
                RestClient.builder(),
                URI.create("http://127.0.0.1:" + server.port()),
                Duration.ofSeconds(2),
                readTimeout);
    }

    /**
     * A bare HTTP/1.1 server on a socket, for what no HTTP stub can do: read a request and close the connection
     * without answering. It counts connections and records every request it read, in order.
     */
    private static final class RawHttpServer implements AutoCloseable {

        /** Close the connection after reading the request, without answering. */
        static final String DROP = "drop";
        /** Keep the connection open without answering until the server stops. */
        static final String HOLD = "hold";

        private final ServerSocket socket;
        private final IntFunction<String> answers;
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final List<String> requestLines = new CopyOnWriteArrayList<>();
        private final List<String> headerNames = new CopyOnWriteArrayList<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final CountDownLatch stopped = new CountDownLatch(1);

        private RawHttpServer(IntFunction<String> answers) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.answers = answers;
        }

        /** Starts a server answering the n-th request (from 1) with {@code answers.apply(n)}. */
        static RawHttpServer start(IntFunction<String> answers) throws IOException {
            RawHttpServer server = new RawHttpServer(answers);
            server.threads.submit(server::accept);
            return server;
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        List<String> requestLines() {
            return List.copyOf(requestLines);
        }

        List<String> headerNames() {
            return List.copyOf(headerNames);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    accepted.add(connection);
                    threads.submit(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String requestLine = in.readLine();
                    if (requestLine == null) {
                        return;
                    }
                    List<String> names = new ArrayList<>();
                    for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                        names.add(header.substring(0, Math.max(0, header.indexOf(':')))
                                .trim()
                                .toLowerCase(Locale.ROOT));
                    }
                    headerNames.addAll(names);
                    requestLines.add(requestLine);
                    String answer = answers.apply(requests.incrementAndGet());
                    if (DROP.equals(answer)) {
                        return;
                    }
                    if (HOLD.equals(answer)) {
                        stopped.await();
                        return;
                    }
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException | InterruptedException gone) {
                // The client or the test closed the connection.
            }
        }

        @Override
        public void close() throws IOException {
            stopped.countDown();
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
            threads.shutdownNow();
        }
    }
}
