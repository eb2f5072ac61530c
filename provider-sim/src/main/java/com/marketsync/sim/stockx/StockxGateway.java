package com.marketsync.sim.stockx;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What StockX's API gateway does before a {@code /v2} call reaches the catalogue: network latency, the API key and
 * bearer token checks, and the per-second request limit.
 */
@Component
class StockxGateway implements HandlerInterceptor, WebMvcConfigurer {

    static final String API_KEY_HEADER = "x-api-key";
    private static final String BEARER = "Bearer ";

    private final StockxSimProperties properties;
    private final StockxTokens tokens;
    private final Clock clock;
    private long windowSecond = Long.MIN_VALUE;
    private int callsInWindow;

    StockxGateway(StockxSimProperties properties, StockxTokens tokens, Clock clock) {
        this.properties = properties;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(StockxSimController.API + "/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        delay(properties.latency());
        if (!properties.apiKey().equals(request.getHeader(API_KEY_HEADER))) {
            throw new StockxApiException(HttpStatus.UNAUTHORIZED, "Unauthorized: missing or invalid x-api-key");
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new StockxApiException(HttpStatus.UNAUTHORIZED, "Unauthorized: missing bearer token");
        }
        if (!tokens.isValid(authorization.substring(BEARER.length()).trim())) {
            throw new StockxApiException(HttpStatus.UNAUTHORIZED, "Unauthorized: invalid or expired token");
        }
        if (!tryAcquire()) {
            throw new StockxApiException(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests");
        }
        return true;
    }

    /** Fixed one-second windows on the injected clock, so a test's frozen clock gives exact counts. */
    private synchronized boolean tryAcquire() {
        int limit = properties.requestsPerSecond();
        if (limit == 0) {
            return true;
        }
        long second = Math.floorDiv(clock.millis(), 1000L);
        if (second != windowSecond) {
            windowSecond = second;
            callsInWindow = 0;
        }
        callsInWindow++;
        return callsInWindow <= limit;
    }

    private static void delay(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            // simulating a slow upstream is the point here, so holding the request thread is intended
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
