package com.marketsync.writer.admin;

import com.marketsync.apikeys.ApiKeyDigests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards {@code /api/admin/**}, reads included: a request needs one of the configured admin keys in the
 * {@value ApiKeyDigests#HEADER} header, else it is refused with a 401 problem before any admin work starts. The price
 * query API stays open.
 */
@Configuration(proxyBeanMethods = false)
class AdminKeyInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AdminKeyInterceptor.class);

    private final AdminKeys keys;

    AdminKeyInterceptor(AdminKeys keys) {
        this.keys = keys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/admin/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = request.getHeader(ApiKeyDigests.HEADER);
        if (presented == null || presented.isBlank()) {
            throw new ResponseStatusException(
                    HttpStatus.UNAUTHORIZED,
                    "The admin API needs an admin key in the " + ApiKeyDigests.HEADER + " header");
        }
        Optional<String> key = keys.authenticate(presented.strip());
        if (key.isEmpty()) {
            log.info("Refused {} {}: unknown admin key", request.getMethod(), request.getRequestURI());
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The admin key is not valid");
        }
        if (!"GET".equals(request.getMethod())) {
            log.info("{} {} with admin key {}", request.getMethod(), request.getRequestURI(), key.get());
        }
        return true;
    }
}
