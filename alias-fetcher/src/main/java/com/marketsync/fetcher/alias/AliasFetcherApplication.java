package com.marketsync.fetcher.alias;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the Alias fetcher: consumes Alias sync requests and publishes price snapshots and outcomes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AliasFetcherApplication {

    public static void main(String[] args) {
        SpringApplication.run(AliasFetcherApplication.class, args);
    }
}
