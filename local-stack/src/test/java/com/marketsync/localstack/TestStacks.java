package com.marketsync.localstack;

import com.marketsync.infra.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Settings for a fresh stack on free ports in a temporary directory, from the jars the build copied. */
final class TestStacks {

    private TestStacks() {}

    static LocalStack.Settings onFreePorts(String dataPrefix, int replicas, List<String> overrides) throws IOException {
        Path data = Files.createTempDirectory(dataPrefix);
        Path services = Path.of(System.getProperty("market.local-stack.services", "target/services"));
        return new LocalStack.Settings(data, services, true, freePorts(), replicas, overrides, false);
    }

    static Ports freePorts() {
        return new Ports(
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find(),
                FreePorts.find());
    }
}
