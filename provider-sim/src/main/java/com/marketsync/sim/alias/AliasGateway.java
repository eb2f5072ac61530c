package com.marketsync.sim.alias;

import com.marketsync.sim.Admission;
import com.marketsync.sim.Provider;
import com.marketsync.sim.ProviderGateway;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What Alias does before an {@code /api/v1} call is served: the personal access token check, then the per-token rate
 * limits and injected faults.
 */
@Component
class AliasGateway implements HandlerInterceptor, WebMvcConfigurer {

    private static final String BEARER = "Bearer ";

    private final AliasSimProperties properties;
    private final ProviderGateway gateway;

    AliasGateway(AliasSimProperties properties, ProviderGateway gateway) {
        this.properties = properties;
        this.gateway = gateway;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(AliasSimController.API + "/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String pat = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).trim()
                : null;
        if (pat == null || !accepted(pat)) {
            throw new AliasApiException(
                    HttpStatus.UNAUTHORIZED,
                    AliasApiException.UNAUTHENTICATED,
                    "missing or invalid personal access token");
        }
        Admission admission = gateway.admit(Provider.ALIAS, pat, request);
        return switch (admission.outcome()) {
            case PROCEED -> true;
            case TOO_MANY_REQUESTS ->
                throw new AliasApiException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        AliasApiException.RESOURCE_EXHAUSTED,
                        "too many requests",
                        admission.retryAfterSeconds());
            case SERVER_ERROR ->
                throw new AliasApiException(
                        HttpStatus.INTERNAL_SERVER_ERROR, AliasApiException.INTERNAL, "internal error");
            case GATEWAY_TIMEOUT ->
                throw new AliasApiException(
                        HttpStatus.GATEWAY_TIMEOUT, AliasApiException.DEADLINE_EXCEEDED, "context deadline exceeded");
        };
    }

    private boolean accepted(String pat) {
        byte[] offered = pat.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String known : properties.pats()) {
            // no early exit, so the time taken does not tell which token came close
            match |= MessageDigest.isEqual(known.getBytes(StandardCharsets.UTF_8), offered);
        }
        return match;
    }
}
