package com.marketsync.sim.alias;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Gives every Alias response an {@code x-request-id} header, errors included, as Alias does. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AliasRequestIds extends OncePerRequestFilter {

    static final String HEADER = "x-request-id";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/alias/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, UUID.randomUUID().toString());
        chain.doFilter(request, response);
    }
}
