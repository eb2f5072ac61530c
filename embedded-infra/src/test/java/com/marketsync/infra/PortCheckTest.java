package com.marketsync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Busy ports and their holders, from {@code /proc/net/tcp} to the command line. */
class PortCheckTest {

    private static final List<String> TCP = List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40101 1 0",
            "   1: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40102 1 0",
            "   2: 0100007F:1F91 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 40103 1 0",
            "   3: 0100007F:3C28 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40104 1 0");
    private static final List<String> TCP6 = List.of(
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr"
                    + " tm->when retrnsmt   uid  timeout inode",
            "   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000"
                    + " 00:00000000 00000000  1000        0 50201 1 0");

    @Test
    void findsTheListeningSocketsOfAPortInProcNetTcpAndTcp6() {
        assertThat(PortCheck.listeningInodes(TCP, 8081))
                .as("LISTEN sockets on 127.0.0.1:8081 and 0.0.0.0:8081, not the established connection")
                .containsExactlyInAnyOrder(40101L, 40102L);
        assertThat(PortCheck.listeningInodes(TCP, 15400)).containsExactly(40104L);
        assertThat(PortCheck.listeningInodes(TCP6, 8081)).containsExactly(50201L);
        assertThat(PortCheck.listeningInodes(TCP, 9092)).isEmpty();
    }

    @Test
    void namesTheProcessHoldingABusyPortWithItsCommandLine() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PortCheck.Need registry = new PortCheck.Need("registry", held.getLocalPort(), true);

            List<PortCheck.Busy> busy = PortCheck.busy(List.of(registry));

            assertThat(busy).singleElement().satisfies(b -> {
                assertThat(b.need()).isEqualTo(registry);
                assertThat(b.holder()).hasValueSatisfying(holder -> {
                    assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
                    assertThat(holder.command()).contains("java");
                });
                assertThat(b.describe())
                        .startsWith("port " + held.getLocalPort() + " (registry) is in use by pid "
                                + ProcessHandle.current().pid() + ": ")
                        .contains("java");
            });
        }
    }

    @Test
    void aPortHeldOnTheLoopbackInterfaceIsBusyForAComponentListeningEverywhere() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(PortCheck.busy(List.of(new PortCheck.Need("planner-service", held.getLocalPort(), false))))
                    .hasSize(1);
        }
    }

    @Test
    void aLongCommandLineKeepsItsStartAndItsEnd() {
        String registry = "/usr/lib/jvm/jdk/bin/java -Xmx512m " + "-Dquarkus.some.property=value ".repeat(20)
                + "-jar /tmp/market-sync/apicurio-registry-3.3.3/quarkus-run.jar";

        assertThat(PortCheck.shortened(registry))
                .startsWith("/usr/lib/jvm/jdk/bin/java -Xmx512m")
                .endsWith("-jar /tmp/market-sync/apicurio-registry-3.3.3/quarkus-run.jar")
                .contains(" … ")
                .hasSizeLessThan(270);
        assertThat(PortCheck.shortened("postgres -D /data")).isEqualTo("postgres -D /data");
    }

    @Test
    void aFreePortIsNotReported() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThat(PortCheck.busy(List.of(new PortCheck.Need("kafka", port, true))))
                .isEmpty();
    }
}
