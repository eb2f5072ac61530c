package com.marketsync.sim.ebay;

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
 * What eBay does before a Browse or Analytics call is served: the application token check and, for Browse calls, the
 * per-client rate limits and injected faults (the Analytics API has its own quota and is not counted).
 */
@Component
class EbayGateway implements HandlerInterceptor, WebMvcConfigurer {

    /** Request attribute holding the client id the caller's token was minted for. */
    static final String CLIENT_ID = EbayGateway.class.getName() + ".CLIENT_ID";

    private static final String BEARER = "Bearer ";

    private final EbayTokens tokens;
    private final ProviderGateway gateway;

    EbayGateway(EbayTokens tokens, ProviderGateway gateway) {
        this.tokens = tokens;
        this.gateway = gateway;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this)
                .addPathPatterns(EbaySimController.BROWSE + "/**", EbaySimController.ANALYTICS + "/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw EbayApiException.accessDenied();
        }
        String clientId = authorization.startsWith(BEARER)
                ? tokens.clientOf(authorization.substring(BEARER.length()).trim())
                        .orElseThrow(EbayApiException::invalidToken)
                : null;
        if (clientId == null) {
            throw EbayApiException.invalidToken();
        }
        request.setAttribute(CLIENT_ID, clientId);
        if (!request.getRequestURI().startsWith(EbaySimController.BROWSE + "/")) {
            return true;
        }
        Admission admission = gateway.admit(Provider.EBAY, clientId, request);
        return switch (admission.outcome()) {
            case PROCEED -> true;
            case TOO_MANY_REQUESTS -> throw EbayApiException.tooManyRequests(admission.retryAfterSeconds());
            case SERVER_ERROR -> throw EbayApiException.internalError(HttpStatus.INTERNAL_SERVER_ERROR);
            case GATEWAY_TIMEOUT -> throw EbayApiException.internalError(HttpStatus.GATEWAY_TIMEOUT);
        };
    }
}
