package com.marketsync.fetcher.stockx;

import static com.marketsync.fetcher.stockx.StockxApiStub.API;
import static com.marketsync.fetcher.stockx.StockxApiStub.TOKEN;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.web.client.RestClient;

/**
 * One replica of the fetcher wired by hand against a WireMock StockX and a real database, with two accounts: {@code us}
 * (market US, USD) and {@code gb} (market GB, GBP).
 */
final class StockxFixture {

    static final String US_API_KEY = "us-api-key";
    static final String GB_API_KEY = "gb-api-key";

    final StockxProperties properties;
    final StockxTokens tokens;
    final StockxClient client;
    final ProductResolver resolver;
    final StockxFetcher fetcher;

    StockxFixture(String serverUrl, DataSource dataSource, Clock clock, Duration readTimeout) {
        this(properties(serverUrl, readTimeout, "refresh-1"), dataSource, clock);
    }

    StockxFixture(StockxProperties properties, DataSource dataSource, Clock clock) {
        this.properties = properties;
        RestClient http = new StockxHttp().stockxRestClient(RestClient.builder(), properties);
        this.tokens = new StockxTokens(
                http,
                properties,
                new StockxCredentialRepository(dataSource),
                new DataSourceTransactionManager(dataSource),
                clock);
        this.client = new StockxClient(http, properties, tokens, clock);
        this.resolver = new ProductResolver(client, new ProductMappingRepository(dataSource), properties, clock);
        this.fetcher = new StockxFetcher(client, resolver, new StockxSnapshotMapper(), properties, clock);
    }

    /** Both accounts; {@code usRefreshToken} is the configured refresh token of account us. */
    static StockxProperties properties(String serverUrl, Duration readTimeout, String usRefreshToken) {
        return new StockxProperties(
                URI.create(serverUrl + API),
                URI.create(serverUrl + TOKEN),
                50,
                3,
                Duration.ofSeconds(2),
                readTimeout,
                Map.of(
                        "us",
                        new StockxProperties.Account("US", "USD", US_API_KEY, "client-us", "secret-us", usRefreshToken),
                        "gb",
                        new StockxProperties.Account("GB", "GBP", GB_API_KEY, "client-gb", "secret-gb", "refresh-gb")));
    }

    static SyncRequest request(String sku, String region, String currency, String productId, Instant at) {
        return SyncRequest.newBuilder()
                .setRequestId("REQ-" + sku + "-" + region)
                .setSku(sku)
                .setProvider(Provider.STOCKX)
                .setRegion(region)
                .setCurrency(currency)
                .setProviderProductId(productId)
                .setPriority(Priority.MANUAL)
                .setTier(Tier.HOT)
                .setReason("MANUAL")
                .setRequestedAt(at)
                .setRequestedBy("test")
                .build();
    }
}
