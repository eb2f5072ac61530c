package com.marketsync.sim.stockx;

import com.marketsync.sim.Admission;
import com.marketsync.sim.Provider;
import com.marketsync.sim.ProviderGateway;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What StockX's API gateway does before a {@code /v2} call reaches the catalogue: network latency, the API key and
 * bearer token checks, then the per-key rate limits and injected faults.
 */
@Component
class StockxGateway implements HandlerInterceptor, WebMvcConfigurer {

    static final String API_KEY_HEADER = "x-api-key";
    private static final String BEARER = "Bearer ";

    private final StockxSimProperties properties;
    private final StockxTokens tokens;
    private final ProviderGateway gateway;

    StockxGateway(StockxSimProperties properties, StockxTokens tokens, ProviderGateway gateway) {
        this.properties = properties;
        this.tokens = tokens;
        this.gateway = gateway;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(StockxSimController.API + "/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        ProviderGateway.hold(properties.latency());
        String apiKey = request.getHeader(API_KEY_HEADER);
        if (!properties.apiKey().equals(apiKey)) {
            throw new StockxApiException(HttpStatus.UNAUTHORIZED, "Unauthorized: missing or invalid x-api-key");
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new StockxApiException(HttpStatus.UNAUTHORIZED, "Unauthorized: missing bearer token");
        }
        if (!tokens.isValid(authorization.substring(BEARER.length()).trim())) {
            throw new StockxApiException(HttpStatus.UNAUTHORIZED, "Unauthorized: invalid or expired token");
        }
        Admission admission = gateway.admit(Provider.STOCKX, apiKey, request);
        return switch (admission.outcome()) {
            case PROCEED -> true;
            case TOO_MANY_REQUESTS ->
                throw new StockxApiException(
                        HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", admission.retryAfterSeconds());
            case SERVER_ERROR ->
                throw new StockxApiException(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error");
            case GATEWAY_TIMEOUT ->
                throw new StockxApiException(HttpStatus.GATEWAY_TIMEOUT, "Endpoint request timed out");
        };
    }
}
