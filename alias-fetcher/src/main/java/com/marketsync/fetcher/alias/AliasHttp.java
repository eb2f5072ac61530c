package com.marketsync.fetcher.alias;

import com.marketsync.fetcher.core.ProviderHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The one HTTP client used for Alias's API, with the configured base URL and timeouts. */
@Configuration(proxyBeanMethods = false)
class AliasHttp {

    @Bean
    RestClient aliasRestClient(RestClient.Builder builder, AliasProperties properties) {
        return ProviderHttp.restClient(
                builder, properties.baseUrl(), properties.connectTimeout(), properties.readTimeout());
    }
}
