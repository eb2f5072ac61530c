package com.marketsync.writer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Persists price snapshots from Kafka into PostgreSQL history and latest-price tables. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MarketWriterApplication {

    public static void main(String[] args) {
        SpringApplication.run(MarketWriterApplication.class, args);
    }
}
