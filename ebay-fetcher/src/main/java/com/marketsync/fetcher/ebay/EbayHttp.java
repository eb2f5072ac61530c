package com.marketsync.fetcher.ebay;

import com.marketsync.fetcher.core.ProviderHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The one HTTP client used for eBay's Browse API and token endpoint, with the configured base URL and timeouts. */
@Configuration(proxyBeanMethods = false)
class EbayHttp {

    @Bean
    RestClient ebayRestClient(RestClient.Builder builder, EbayProperties properties) {
        return ProviderHttp.restClient(
                builder, properties.baseUrl(), properties.connectTimeout(), properties.readTimeout());
    }
}
