package com.marketsync.sim;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Serves the {@code MALFORMED} fault: buffers API responses and, for a call the fault hit, sends 200 with only the
 * first half of the body, JSON that no client can parse.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class MalformedBodyFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return Provider.servingApiPath(request.getRequestURI()).isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            if (Boolean.TRUE.equals(request.getAttribute(ProviderGateway.MALFORMED))) {
                byte[] body = buffered.getContentAsByteArray();
                buffered.resetBuffer();
                buffered.setStatus(HttpStatus.OK.value());
                if (body.length < 2) {
                    buffered.getOutputStream().write("{\"".getBytes(StandardCharsets.UTF_8));
                } else {
                    buffered.getOutputStream().write(body, 0, body.length / 2);
                }
            }
            buffered.copyBodyToResponse();
        }
    }
}
