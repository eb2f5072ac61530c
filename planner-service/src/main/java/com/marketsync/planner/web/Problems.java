package com.marketsync.planner.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Lets servlet filters, which run before Spring MVC, answer with the same problem bodies as controllers: the
 * refusal goes through MVC's exception resolvers, so {@link ApiExceptionHandler} writes it.
 */
final class Problems {

    private final ObjectProvider<HandlerExceptionResolver> resolver;

    /** {@code resolver}: MVC's composite resolver, looked up on first use because filters are created first. */
    Problems(ObjectProvider<HandlerExceptionResolver> resolver) {
        this.resolver = resolver;
    }

    void send(HttpServletRequest request, HttpServletResponse response, ApiException refusal) throws IOException {
        if (resolver.getObject().resolveException(request, response, null, refusal) == null) {
            response.sendError(refusal.status().value(), refusal.getMessage());
        }
    }
}
