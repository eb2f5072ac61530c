package com.marketsync.fetcher.ebay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the eBay fetcher: consumes eBay sync requests and publishes per-size lowest asks computed from listings. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EbayFetcherApplication {

    public static void main(String[] args) {
        SpringApplication.run(EbayFetcherApplication.class, args);
    }
}
