package com.marketsync.fetcher.stockx;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the StockX fetcher: consumes StockX sync requests and publishes price snapshots and outcomes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StockxFetcherApplication {

    public static void main(String[] args) {
        SpringApplication.run(StockxFetcherApplication.class, args);
    }
}
