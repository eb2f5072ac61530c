package com.marketsync.planner.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Puts the API-key check in front of {@code /api/**} and the rate limit in front of the manual trigger. Plain
 * servlet filters, so actuator, {@code /v3/api-docs} and the Swagger UI stay open.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration {

    /** After Spring Boot's own filters (character encoding, form content), before anything of the application. */
    static final int API_KEY_FILTER_ORDER = 0;

    @Bean
    Problems filterProblems(@Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> resolver) {
        return new Problems(resolver);
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, Problems problems) {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(keys, problems));
        registration.setName("apiKeyFilter");
        registration.addUrlPatterns("/api/*");
        registration.setOrder(API_KEY_FILTER_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ManualSyncRateLimitFilter> manualSyncRateLimitFilter(
            ApiProperties properties, Problems problems) {
        FilterRegistrationBean<ManualSyncRateLimitFilter> registration =
                new FilterRegistrationBean<>(new ManualSyncRateLimitFilter(properties.manualRate(), problems));
        registration.setName("manualSyncRateLimitFilter");
        registration.addUrlPatterns(ManualSyncRateLimitFilter.PATH);
        // needs the key name the API-key filter leaves behind
        registration.setOrder(API_KEY_FILTER_ORDER + 1);
        return registration;
    }
}
