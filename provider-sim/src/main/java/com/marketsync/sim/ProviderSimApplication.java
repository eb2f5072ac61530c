package com.marketsync.sim;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the simulated marketplace HTTP APIs that the fetchers talk to in local and test setups. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProviderSimApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProviderSimApplication.class, args);
    }
}
