package com.marketsync.fetcher.ebay;

import java.io.IOException;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Builds the one HTTP client used for eBay's Browse API and token endpoint, with the configured timeouts. */
@Configuration(proxyBeanMethods = false)
class EbayHttp {

    @Bean
    RestClient ebayRestClient(RestClient.Builder builder, EbayProperties properties) {
        return restClient(builder, properties);
    }

    static RestClient restClient(RestClient.Builder builder, EbayProperties properties) {
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

    /** An HTTP answer read completely, so the connection is released before it is interpreted. */
    record Response(int status, HttpHeaders headers, byte[] body) {

        static Response of(ClientHttpResponse response) throws IOException {
            return new Response(
                    response.getStatusCode().value(),
                    HttpHeaders.readOnlyHttpHeaders(response.getHeaders()),
                    response.getBody().readAllBytes());
        }

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }
}
