package com.marketsync.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the schema registry is.
 *
 * @param url core v3 API of Apicurio Registry, e.g. http://localhost:8081/apis/registry/v3
 * @param requestTimeout how long a registry request may go without an answer before it fails and is retried
 */
@ConfigurationProperties("market.registry")
public record RegistryProperties(
        @DefaultValue("http://localhost:8081/apis/registry/v3")
        String url,

        @DefaultValue("10s") Duration requestTimeout) {}
