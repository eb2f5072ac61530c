package com.marketsync.planner.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The planner's OpenAPI description (springdoc serves it at {@code /v3/api-docs}, the UI at
 * {@code /swagger-ui.html}): declares the {@code X-API-Key} scheme and marks every mutating operation as needing it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** Name of the security scheme in the document. */
    static final String API_KEY_SCHEME = "apiKey";

    private static final String PROBLEM_SCHEMA = "Problem";

    private static final Set<PathItem.HttpMethod> READS =
            Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD, PathItem.HttpMethod.OPTIONS);

    @Bean
    OpenAPI plannerOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("market-sync planner API")
                        .version("v1")
                        .description("The catalog, its sync schedule and the manual sync trigger. Reads are open;"
                                + " every request that changes something needs a WRITE key in the "
                                + ApiKeys.HEADER + " header. Errors are RFC 9457 problems"
                                + " (application/problem+json) with a `field` naming the invalid input."))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(ApiKeys.HEADER)
                                        .description("An API key configured in market.planner.api.keys (its SHA-256"
                                                + " hash); READ keys may only read, WRITE keys may also change"
                                                + " things")));
    }

    /** Mutating operations under /api need a key: document that, and the refusals it brings. */
    @Bean
    OpenApiCustomizer mutatingOperationsNeedApiKey() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            // added here, not in the OpenAPI bean: springdoc drops schemas nothing refers to before customizers run
            openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/api/")) {
                    return;
                }
                item.readOperationsMap().forEach((method, operation) -> {
                    if (READS.contains(method)) {
                        return;
                    }
                    operation.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
                    operation
                            .getResponses()
                            .addApiResponse("401", problem("No API key, or one that is not configured"))
                            .addApiResponse("403", problem("The API key may only read"));
                    if (method == PathItem.HttpMethod.POST && path.equals(ManualSyncRateLimitFilter.PATH)) {
                        operation
                                .getResponses()
                                .addApiResponse(
                                        "429", problem("Too many manual triggers for this key; see Retry-After"));
                    }
                });
            });
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
    }

    /** The RFC 9457 body every error of the API has. */
    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema<?> fieldProblem = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the invalid field, null for a rule over several"))
                .addProperty("message", new StringSchema());
        return new ObjectSchema()
                .description("An RFC 9457 problem (application/problem+json)")
                .addProperty("type", new StringSchema().format("uri").example("about:blank"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("must be one of HOT, WARM, COLD, FROZEN"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").example("/api/sync"))
                .addProperty(
                        "field",
                        new StringSchema()
                                .description("the invalid input: a JSON field path, a query or path parameter")
                                .example("tier"))
                .addProperty(
                        "errors",
                        new ArraySchema().items(fieldProblem).description("every invalid field (bean validation)"))
                .addProperty("errorId", new StringSchema().description("500 only: the id of the logged error"));
    }
}
