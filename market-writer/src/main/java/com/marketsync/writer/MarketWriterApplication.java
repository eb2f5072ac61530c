package com.marketsync.writer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Persists price snapshots from Kafka into PostgreSQL history and latest-price tables and publishes latest-price
 * changes; run with {@code --market.writer.command=...} it is a one-off replay or republish command instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MarketWriterApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(MarketWriterApplication.class, args);
        if (context.getEnvironment().containsProperty("market.writer.command")) {
            // a one-off command (replay, republish): done once its runner returned
            System.exit(SpringApplication.exit(context));
        }
    }
}
