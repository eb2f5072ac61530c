package com.marketsync.planner.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the manual sync trigger ({@code POST /api/sync}) per API key with a token bucket: {@code burst} requests at
 * once, refilled at {@code perMinute}; over it, 429 with {@code Retry-After}. Buckets live in this instance's memory,
 * so with N planner replicas behind a load balancer a key may get up to N times the rate.
 */
final class ManualSyncRateLimitFilter extends OncePerRequestFilter {

    /** The path this filter is registered for. */
    static final String PATH = "/api/sync";

    private static final Logger log = LoggerFactory.getLogger(ManualSyncRateLimitFilter.class);

    private final ApiProperties.ManualRate rate;
    private final Problems problems;
    // one bucket per configured key name at most: names come from authenticated keys, never from the client
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ManualSyncRateLimitFilter(ApiProperties.ManualRate rate, Problems problems) {
        this.rate = rate;
        this.problems = problems;
        newBucket(); // an impossible rate fails at startup, not on the first request
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // ApiKeyFilter runs first and refuses a POST without a valid WRITE key, so a request here always has one
        Object keyName = request.getAttribute(ApiKeys.KEY_NAME_ATTRIBUTE);
        if (keyName == null) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe =
                buckets.computeIfAbsent(keyName.toString(), name -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        Duration retryAfter = Duration.ofNanos(probe.getNanosToWaitForRefill());
        log.info("Rate-limited {} {} for API key {}", request.getMethod(), request.getRequestURI(), keyName);
        problems.send(
                request,
                response,
                ApiException.tooManyRequests(
                        "The manual sync trigger allows " + rate.perMinute()
                                + " requests per minute per API key (burst " + rate.burst() + "); try again later",
                        retryAfter));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(rate.burst())
                        .refillGreedy(rate.perMinute(), Duration.ofMinutes(1))
                        .build())
                .build();
    }
}
