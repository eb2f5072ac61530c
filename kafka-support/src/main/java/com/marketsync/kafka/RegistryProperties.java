package com.marketsync.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the schema registry is.
 *
 * @param url core v3 API of Apicurio Registry, e.g. http://localhost:8081/apis/registry/v3
 */
@ConfigurationProperties("market.registry")
public record RegistryProperties(
        @DefaultValue("http://localhost:8081/apis/registry/v3")
        String url) {}
