package com.marketsync.fetcher.stockx;

import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Builds the one HTTP client used for StockX's API and token endpoint, with the configured timeouts. */
@Configuration(proxyBeanMethods = false)
class StockxHttp {

    @Bean
    RestClient stockxRestClient(RestClient.Builder builder, StockxProperties properties) {
        return restClient(builder, properties);
    }

    static RestClient restClient(RestClient.Builder builder, StockxProperties properties) {
        // HTTP/1.1 explicitly: the JDK client would otherwise try an h2c upgrade that some gateways mishandle.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(properties.readTimeout());
        return builder.clone()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(requestFactory)
                .build();
    }
}
