package com.marketsync.sim.alias;

import static com.marketsync.sim.MutableClockConfiguration.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.MutableClockConfiguration;
import com.marketsync.sim.SimHttp;
import com.marketsync.testkit.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** The simulated Alias API over real HTTP, as an outside client sees it, on a hand-driven clock. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "market.sim.limits.alias.per-second=0",
            "market.sim.limits.alias.per-day=0",
            "market.sim.alias.pats=demo-alias-pat,second-pat"
        })
@Import(MutableClockConfiguration.class)
class AliasSimIT {

    static final String PANDA_ID = "nike-dunk-low-retro-white-black-dd1391-100";
    static final String AVAILABILITIES = "/pricing_insights/availabilities/";

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    SimHttp http;

    @BeforeEach
    void setUp() {
        clock.set(START);
        http = new SimHttp(port);
    }

    @Test
    void refusesCallsWithoutOrWithAWrongToken() {
        ResponseEntity<JsonNode> none = http.get("/alias/api/v1/test", Map.of());
        ResponseEntity<JsonNode> wrong =
                http.get("/alias/api/v1/test", Map.of(HttpHeaders.AUTHORIZATION, "Bearer not-a-pat"));
        ResponseEntity<JsonNode> notBearer =
                http.get("/alias/api/v1/test", Map.of(HttpHeaders.AUTHORIZATION, "demo-alias-pat"));

        for (ResponseEntity<JsonNode> response : List.of(none, wrong, notBearer)) {
            assertAliasError(response, 401, 16);
        }
    }

    @Test
    void acceptsEveryConfiguredToken() {
        ResponseEntity<JsonNode> second =
                http.get("/alias/api/v1/test", Map.of(HttpHeaders.AUTHORIZATION, "Bearer second-pat"));

        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void tokenCheckAnswersOk() {
        ResponseEntity<JsonNode> response = http.alias("/test");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().toString()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void everyResponseCarriesItsOwnRequestId() {
        List<ResponseEntity<JsonNode>> responses = List.of(
                http.alias("/test"),
                http.alias("/test"),
                http.get("/alias/api/v1/test", Map.of()),
                http.alias("/catalog/no-such-item"),
                http.alias("/catalog"),
                http.alias("/no-such-endpoint"));

        Set<String> ids = new HashSet<>();
        for (ResponseEntity<JsonNode> response : responses) {
            String id = response.getHeaders().getFirst("x-request-id");
            assertThat(id).as(response.getStatusCode().toString()).isNotBlank();
            ids.add(id);
        }
        assertThat(ids).hasSize(responses.size());
    }

    @Test
    void searchIsFuzzySoTheClientMustCheckTheSku() {
        JsonNode page = http.alias("/catalog?query=DD1391-100").getBody();

        List<String> skus = skus(page);
        assertThat(skus).contains("DD1391 100", "DD1391 103", "CW1590 100").doesNotHaveDuplicates();
        assertThat(skus.getFirst()).isNotEqualTo("DD1391 100");
        assertThat(page.get("has_more").asBoolean()).isFalse();
        assertThat(page.get("next_pagination_token").asString()).isEmpty();
        JsonNode item = page.get("catalog_items").get(0);
        assertThat(item.propertyNames())
                .contains(
                        "catalog_id",
                        "name",
                        "sku",
                        "brand",
                        "gender",
                        "release_date",
                        "product_category_v2",
                        "product_type",
                        "size_unit",
                        "allowed_sizes",
                        "minimum_listing_price_cents",
                        "maximum_listing_price_cents",
                        "retail_price_cents");
        assertThat(item.get("retail_price_cents").isString()).isTrue();
        assertThat(item.at("/allowed_sizes/0/us_size_equivalent").isNumber()).isTrue();
    }

    @Test
    void pagesThroughResultsWithOpaqueTokens() {
        List<String> all = skus(http.alias("/catalog?query=DD1391-100").getBody());
        List<String> paged = new ArrayList<>();
        String token = "";
        int pages = 0;
        JsonNode page;
        do {
            page = http.alias("/catalog?query=DD1391-100&limit=4&pagination_token=" + token)
                    .getBody();
            assertThat(page.get("catalog_items").size()).isLessThanOrEqualTo(4);
            paged.addAll(skus(page));
            token = page.get("next_pagination_token").asString();
            pages++;
        } while (page.get("has_more").asBoolean() && pages < 20);

        assertThat(pages).isGreaterThan(1);
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(token).isEmpty();
    }

    @Test
    void refusesAPaginationTokenOfAnotherQueryAndBadParameters() {
        String token = http.alias("/catalog?query=DD1391-100&limit=2")
                .getBody()
                .get("next_pagination_token")
                .asString();

        assertAliasError(http.alias("/catalog?query=555088-134&pagination_token=" + token), 400, 3);
        assertAliasError(http.alias("/catalog?query=DD1391-100&pagination_token=garbage!"), 400, 3);
        assertAliasError(http.alias("/catalog?query=DD1391-100&limit=ten"), 400, 3);
        assertAliasError(http.alias("/catalog"), 400, 3);
    }

    @Test
    void findsTheMistypedSkuNowhere() {
        JsonNode page = http.alias("/catalog?query=DC7350-100").getBody();

        assertThat(page.get("catalog_items")).isEmpty();
        assertThat(page.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void servesACatalogItemByIdAndNotFoundOtherwise() {
        ResponseEntity<JsonNode> found = http.alias("/catalog/" + PANDA_ID);

        assertThat(found.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(found.getBody().propertyNames()).containsExactly("catalog_item");
        assertThat(found.getBody().at("/catalog_item/sku").asString()).isEqualTo("DD1391 100");
        assertThat(found.getBody().at("/catalog_item/catalog_id").asString()).isEqualTo(PANDA_ID);
        assertAliasError(http.alias("/catalog/dd1391-100"), 404, 5);
        assertAliasError(http.alias(AVAILABILITIES + "no-such-item"), 404, 5);
        assertAliasError(http.alias("/no-such-endpoint"), 404, 5);
    }

    @Test
    void availabilitiesAreCentsInStringsPerVariation() {
        JsonNode body = http.alias(AVAILABILITIES + PANDA_ID).getBody();

        assertThat(body.propertyNames()).containsExactly("variants");
        JsonNode variants = body.get("variants");
        assertThat(variants.size()).isGreaterThan(13);
        Set<String> fields = new HashSet<>();
        for (JsonNode v : variants) {
            assertThat(v.propertyNames())
                    .containsExactlyInAnyOrder(
                            "size", "product_condition", "packaging_condition", "consigned", "availability");
            assertThat(v.get("size").isNumber()).isTrue();
            assertThat(v.get("consigned").isBoolean()).isTrue();
            for (String field : v.get("availability").propertyNames()) {
                fields.add(field);
                JsonNode amount = v.get("availability").get(field);
                if (!amount.isNull()) {
                    assertThat(amount.isString()).as(field).isTrue();
                    assertThat(amount.asString()).as(field).matches("[1-9][0-9]*00");
                }
            }
        }
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "lowest_listing_price_cents",
                        "highest_offer_price_cents",
                        "last_sold_listing_price_cents",
                        "global_indicator_price_cents");
    }

    @Test
    void regionsHaveDifferentPricesAndAnUnknownRegionIsRefused() {
        JsonNode us = http.alias(AVAILABILITIES + PANDA_ID + "?region_id=1").getBody();
        JsonNode uk = http.alias(AVAILABILITIES + PANDA_ID + "?region_id=3").getBody();
        JsonNode global = http.alias(AVAILABILITIES + PANDA_ID + "?region_id=").getBody();

        assertThat(us).isNotEqualTo(uk);
        assertThat(global).isEqualTo(http.alias(AVAILABILITIES + PANDA_ID).getBody());
        assertThat(global).isNotEqualTo(us);
        assertAliasError(http.alias(AVAILABILITIES + PANDA_ID + "?region_id=7"), 400, 3);
    }

    @Test
    void consignedParameterKeepsOneSide() {
        JsonNode consigned = http.alias(AVAILABILITIES + PANDA_ID + "?consigned=true")
                .getBody()
                .get("variants");
        JsonNode not = http.alias(AVAILABILITIES + PANDA_ID + "?consigned=false")
                .getBody()
                .get("variants");

        assertThat(consigned).isNotEmpty().allMatch(v -> v.get("consigned").asBoolean());
        assertThat(not).isNotEmpty().noneMatch(v -> v.get("consigned").asBoolean());
        assertAliasError(http.alias(AVAILABILITIES + PANDA_ID + "?consigned=maybe"), 400, 3);
    }

    @Test
    void pricesAreStableWithinABucketAndDriftAcrossBuckets() {
        String path = AVAILABILITIES + PANDA_ID + "?region_id=1";
        JsonNode first = http.alias(path).getBody();

        clock.advance(Duration.ofMinutes(4));
        assertThat(http.alias(path).getBody()).isEqualTo(first);

        clock.advance(Duration.ofMinutes(1));
        assertThat(http.alias(path).getBody()).isNotEqualTo(first);
    }

    private static List<String> skus(JsonNode page) {
        List<String> skus = new ArrayList<>();
        page.get("catalog_items").forEach(i -> skus.add(i.get("sku").asString()));
        return skus;
    }

    static void assertAliasError(ResponseEntity<JsonNode> response, int status, int code) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        JsonNode body = response.getBody();
        assertThat(body.propertyNames()).containsExactly("code", "message", "details");
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("message").asString()).isNotBlank();
        assertThat(body.get("details").isArray()).isTrue();
        assertThat(body.get("details")).isEmpty();
        assertThat(response.getHeaders().getFirst("x-request-id")).isNotBlank();
    }
}
