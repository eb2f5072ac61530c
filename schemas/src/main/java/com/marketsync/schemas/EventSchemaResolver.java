package com.marketsync.schemas;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.client.RegistryClientFactory;
import io.apicurio.registry.client.common.DefaultVertxInstance;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The schema resolver of every event serde ({@link EventSerde}): Apicurio's default one, with two differences.
 *
 * <ul>
 *   <li>A registry request that gets no answer within the request timeout fails. The library sets no such timeout,
 *       so a lost response kept a producer's {@code send} or a consumer's poll waiting for ever.
 *   <li>A failure to reach the registry (no connection, no answer in time, a 5xx, 408 or 429 answer) is a
 *       {@link RegistryUnavailableException}, so the Kafka layer can tell it from bytes that cannot be decoded. Any
 *       other answer of the registry (such as 404 for an unknown schema id) stays the library's exception.
 * </ul>
 *
 * The registry is reached without authentication or TLS settings, as this project runs it; such settings are refused
 * rather than ignored.
 */
public class EventSchemaResolver<S, T> extends DefaultSchemaResolver<S, T> {

    /** Serde property: how long a registry request may go without an answer, in milliseconds. */
    public static final String REQUEST_TIMEOUT_MS = "market.registry.request-timeout-ms";

    static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

    private WebClient webClient;

    @Override
    public void configure(Map<String, ?> configs, SchemaParser<S, T> schemaParser) {
        SchemaResolverConfig config = new SchemaResolverConfig(configs);
        refuseUnsupported(config);
        int timeout = Math.toIntExact(requestTimeoutMs(configs));
        Vertx vertx = config.getVertx() != null ? config.getVertx() : DefaultVertxInstance.get();
        webClient = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setConnectTimeout(timeout)
                        // a connection that neither sends nor receives for this long is closed, failing its request
                        .setIdleTimeout(timeout)
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
        RegistryClientFacade facade = new RegistryClientFacadeImpl(RegistryClientFactory.create(
                RegistryClientOptions.create(config.getRegistryUrl(), vertx).customWebClient(webClient)));
        setClientFacade(unavailableOnFailure(facade));
        super.configure(configs, schemaParser);
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (webClient != null) {
            webClient.close();
        }
    }

    static long requestTimeoutMs(Map<String, ?> configs) {
        Object value = configs.get(REQUEST_TIMEOUT_MS);
        long timeout = value == null ? DEFAULT_REQUEST_TIMEOUT_MS : Long.parseLong(value.toString());
        if (timeout <= 0) {
            throw new IllegalArgumentException(REQUEST_TIMEOUT_MS + " must be positive, was " + value);
        }
        return timeout;
    }

    private static void refuseUnsupported(SchemaResolverConfig config) {
        if (config.getAuthUsername() != null
                || config.getTokenEndpoint() != null
                || config.getTlsTruststoreLocation() != null
                || config.getTlsCertificates() != null
                || config.getProxyHost() != null) {
            throw new IllegalArgumentException(EventSchemaResolver.class.getSimpleName()
                    + " reaches the registry without authentication, TLS or proxy settings; configure none of them");
        }
    }

    /** The facade, with every failure that is not an answer of the registry turned into unavailability. */
    private static RegistryClientFacade unavailableOnFailure(RegistryClientFacade facade) {
        return (RegistryClientFacade) Proxy.newProxyInstance(
                RegistryClientFacade.class.getClassLoader(),
                new Class<?>[] {RegistryClientFacade.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(facade, args);
                    } catch (InvocationTargetException e) {
                        throw classify(e.getCause());
                    }
                });
    }

    /** The failure itself if the registry answered it (4xx but 408 and 429), otherwise unavailability. */
    static Throwable classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException answer) {
                int status = answer.getResponseStatusCode();
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    return failure;
                }
            }
        }
        return new RegistryUnavailableException("Schema registry unavailable: " + describe(failure));
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
