package com.marketsync.planner.web;

import com.marketsync.planner.web.ApiKeys.ApiKey;
import com.marketsync.planner.web.ApiProperties.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/**}: reads (GET, HEAD, OPTIONS) are open, but a key sent with one must be valid; every other
 * method needs a WRITE key (none or unknown → 401, READ key → 403). The accepted key's name is left in the request
 * attribute {@link ApiKeys#KEY_NAME_ATTRIBUTE}.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiKeys keys;
    private final Problems problems;

    ApiKeyFilter(ApiKeys keys, Problems problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean read = READS.contains(request.getMethod());
        String presented = request.getHeader(ApiKeys.HEADER);
        if (presented == null || presented.isBlank()) {
            if (read) {
                chain.doFilter(request, response);
            } else {
                problems.send(
                        request,
                        response,
                        ApiException.unauthorized(
                                "This request changes data and needs an API key in the " + ApiKeys.HEADER + " header"));
            }
            return;
        }
        Optional<ApiKey> key = keys.authenticate(presented.strip());
        if (key.isEmpty()) {
            log.info("Refused {} {}: unknown API key", request.getMethod(), request.getRequestURI());
            problems.send(request, response, ApiException.unauthorized("The API key is not valid"));
            return;
        }
        if (!read && key.get().role() != Role.WRITE) {
            log.info(
                    "Refused {} {}: API key {} may only read",
                    request.getMethod(),
                    request.getRequestURI(),
                    key.get().name());
            problems.send(
                    request,
                    response,
                    ApiException.forbidden("The API key '" + key.get().name() + "' may only read"));
            return;
        }
        request.setAttribute(ApiKeys.KEY_NAME_ATTRIBUTE, key.get().name());
        chain.doFilter(request, response);
    }
}
