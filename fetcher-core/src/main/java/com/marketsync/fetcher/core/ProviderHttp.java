package com.marketsync.fetcher.core;

import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds the HTTP client of a provider's API: its base URL and timeouts, and exactly one request on the wire per call,
 * so every request a provider sees was paid for with one budget token.
 */
public final class ProviderHttp {

    private ProviderHttp() {}

    /**
     * A client for {@code baseUrl} (absolute URIs, such as a token endpoint elsewhere, work too) that never resends,
     * retries or redirects on its own and keeps no cookies; failures to connect or to read an answer within the
     * timeouts surface as {@link org.springframework.web.client.ResourceAccessException}.
     *
     * @param builder the application's builder (message converters, observation); cloned, never changed
     * @param connectTimeout for opening a connection, and for waiting for a pooled one
     * @param readTimeout for the answer to a sent request
     */
    public static RestClient restClient(
            RestClient.Builder builder, URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        // The JDK client resends a GET by itself when a pooled connection drops before the first response byte, and
        // HttpClient 5 by default retries I/O errors, 429 and 503 and follows redirects: all would be calls nobody
        // spent a token on, and retries belong to the fetch loop alone.
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .build())
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(http);
        requestFactory.setConnectionRequestTimeout(connectTimeout);
        requestFactory.setReadTimeout(readTimeout);
        return builder.clone()
                .baseUrl(baseUrl.toString())
                .requestFactory(requestFactory)
                .build();
    }
}
