package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.infra.PortCheck;
import org.junit.jupiter.api.Test;

/** One port setting per component: {@code --port}, replicas, collisions. */
class PortsTest {

    @Test
    void portMovesOneComponentAndLeavesTheOthersAtTheirDefaults() {
        Ports ports = Ports.defaults().with("registry=18081").with("postgresql=25432");

        assertThat(ports.registry()).isEqualTo(18081);
        assertThat(ports.postgresql()).isEqualTo(25432);
        assertThat(ports.kafka()).isEqualTo(9092);
        assertThat(ports.plannerService()).isEqualTo(8080);
        for (String component : Ports.COMPONENTS) {
            assertThat(Ports.defaults().with(component, 40000).of(component)).isEqualTo(40000);
        }
    }

    @Test
    void anUnknownComponentOrAPortThatIsNoneIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> Ports.defaults().with("regsitry=18081"))
                .hasMessageContaining("Unknown component 'regsitry'")
                .hasMessageContaining("registry, provider-sim");
        assertThatThrownBy(() -> Ports.defaults().with("kafka=70000")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> Ports.defaults().with("kafka")).hasMessageContaining("<component>=<port>");
        assertThatThrownBy(() -> Ports.defaults().with("kafka=x")).hasMessageContaining("not a port number");
    }

    @Test
    void everyReplicaOfAFetcherNeedsItsPortPlusAHundredPerReplica() {
        assertThat(Ports.defaults().needs(3))
                .contains(
                        new PortCheck.Need("stockx-fetcher", 8082, false),
                        new PortCheck.Need("stockx-fetcher-2", 8182, false),
                        new PortCheck.Need("stockx-fetcher-3", 8282, false),
                        new PortCheck.Need("ebay-fetcher-3", 8285, false),
                        new PortCheck.Need("postgresql", 15432, true),
                        new PortCheck.Need("kafka-controller", 9093, true))
                .hasSize(10 + 2 * 3);
    }

    @Test
    void twoComponentsOnOnePortAreRefused() {
        assertThatThrownBy(() -> Ports.defaults().with("registry=8080").needs(1))
                .hasMessageContaining("Port 8080 is given to both registry and planner-service");
        assertThatThrownBy(() -> Ports.defaults().with("planner-service=8182").needs(2))
                .hasMessageContaining("stockx-fetcher-2");
    }
}
