package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.core.ProviderHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The one HTTP client used for StockX's API and token endpoint, with the configured base URL and timeouts. */
@Configuration(proxyBeanMethods = false)
class StockxHttp {

    @Bean
    RestClient stockxRestClient(RestClient.Builder builder, StockxProperties properties) {
        return ProviderHttp.restClient(
                builder, properties.baseUrl(), properties.connectTimeout(), properties.readTimeout());
    }
}
