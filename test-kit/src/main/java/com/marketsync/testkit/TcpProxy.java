package com.marketsync.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server, for tests of what a client does when that server stops answering. Open, it
 * forwards each connection; black-holed, it accepts connections and reads what is sent but never answers, as a hung
 * server or a lost response would. A connection keeps the behaviour it was accepted with.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private final AtomicInteger blackHoled = new AtomicInteger();
    private volatile boolean open;

    /** Starts a proxy on a free local port, black-holed or open. */
    public TcpProxy(String targetHost, int targetPort, boolean open) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.open = open;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("tcp-proxy-" + port()).start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Forwards the connections accepted from now on. */
    public void open() {
        open = true;
    }

    /** Black-holes the connections accepted from now on. */
    public void blackHole() {
        open = false;
    }

    /** Connections accepted while black-holed so far. */
    public int blackHoledConnections() {
        return blackHoled.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (open) {
                    Socket target = new Socket(targetHost, targetPort);
                    sockets.add(target);
                    pump(client, target);
                    pump(target, client);
                } else {
                    blackHoled.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> drain(client));
                }
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void drain(Socket client) {
        try (InputStream in = client.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // closed by the client or the proxy
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
