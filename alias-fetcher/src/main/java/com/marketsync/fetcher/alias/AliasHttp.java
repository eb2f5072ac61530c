package com.marketsync.fetcher.alias;

import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Builds the one HTTP client used for Alias's API, with the configured base URL and timeouts. */
@Configuration(proxyBeanMethods = false)
class AliasHttp {

    @Bean
    RestClient aliasRestClient(RestClient.Builder builder, AliasProperties properties) {
        return restClient(builder, properties);
    }

    static RestClient restClient(RestClient.Builder builder, AliasProperties properties) {
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
