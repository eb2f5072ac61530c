package com.marketsync.fetcher.alias;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds the one HTTP client used for Alias's API: configured base URL and timeouts, and exactly one request on the
 * wire per call, so every request Alias sees was paid for with one budget token.
 */
@Configuration(proxyBeanMethods = false)
class AliasHttp {

    @Bean
    RestClient aliasRestClient(RestClient.Builder builder, AliasProperties properties) {
        return restClient(builder, properties);
    }

    static RestClient restClient(RestClient.Builder builder, AliasProperties properties) {
        // The JDK client resends a GET by itself when a connection drops before the first response byte, and
        // HttpClient 5 by default retries I/O errors, 429 and 503 and follows redirects: all would be calls nobody
        // spent a token on, and retries belong to the fetch loop alone.
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .build())
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(http);
        requestFactory.setConnectionRequestTimeout(properties.connectTimeout());
        requestFactory.setReadTimeout(properties.readTimeout());
        return builder.clone()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(requestFactory)
                .build();
    }
}
