package com.marketsync.sim.alias;

import com.marketsync.sim.SizeRun;
import com.marketsync.sim.StyleCodes;
import com.marketsync.sim.alias.AliasCatalog.Item;
import com.marketsync.sim.alias.AliasPricing.Region;
import com.marketsync.sim.alias.AliasResponses.AllowedSize;
import com.marketsync.sim.alias.AliasResponses.Availabilities;
import com.marketsync.sim.alias.AliasResponses.CatalogItem;
import com.marketsync.sim.alias.AliasResponses.CatalogItemBody;
import com.marketsync.sim.alias.AliasResponses.CatalogPage;
import com.marketsync.sim.alias.AliasResponses.ErrorBody;
import com.marketsync.sim.alias.AliasResponses.Ok;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The Alias v1 token check, catalogue and pricing-insights endpoints, served under {@code /alias/api/v1}. */
@RestController
@RequestMapping(AliasSimController.API)
class AliasSimController {

    static final String API = "/alias/api/v1";

    static final int MAX_LIMIT = 100;

    private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder TOKEN_DECODER = Base64.getUrlDecoder();

    private final AliasCatalog catalog;
    private final AliasPricing pricing;

    AliasSimController(AliasCatalog catalog, AliasPricing pricing) {
        this.catalog = catalog;
        this.pricing = pricing;
    }

    @GetMapping("/test")
    Ok test() {
        return new Ok(true);
    }

    @GetMapping("/catalog")
    CatalogPage search(
            @RequestParam(required = false) String query,
            @RequestParam(required = false) String limit,
            @RequestParam(name = "pagination_token", required = false) String paginationToken) {
        if (query == null || query.isBlank()) {
            throw AliasApiException.invalidArgument("query is required");
        }
        int pageSize = pageSize(limit);
        List<Item> hits = catalog.search(query);
        int offset = paginationToken == null || paginationToken.isEmpty() ? 0 : offset(paginationToken, query);
        List<CatalogItem> page =
                hits.stream().skip(offset).limit(pageSize).map(this::item).toList();
        boolean hasMore = offset + pageSize < hits.size();
        return new CatalogPage(page, hasMore ? token(offset + pageSize, query) : "", hasMore);
    }

    @GetMapping("/catalog/{id}")
    CatalogItemBody catalogItem(@PathVariable String id) {
        return new CatalogItemBody(item(find(id)));
    }

    @GetMapping("/pricing_insights/availabilities/{catalogId}")
    Availabilities availabilities(
            @PathVariable String catalogId,
            @RequestParam(name = "region_id", required = false) String regionId,
            @RequestParam(required = false) String consigned) {
        Item item = find(catalogId);
        Region region = Region.parse(regionId)
                .orElseThrow(() -> AliasApiException.invalidArgument("invalid region_id: " + regionId));
        return new Availabilities(pricing.availabilities(item, region, consigned(consigned)));
    }

    /** Any other path under {@code /api/v1}: 404 in Alias's error shape. */
    @RequestMapping("/**")
    ResponseEntity<ErrorBody> unknownPath(HttpServletRequest request) {
        return AliasErrorHandler.errorBody(AliasApiException.notFound("Not Found: " + request.getRequestURI()));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ErrorBody> onBadParameter(Exception e) {
        return AliasErrorHandler.errorBody(AliasApiException.invalidArgument(e.getMessage()));
    }

    private Item find(String catalogId) {
        return catalog.item(catalogId)
                .orElseThrow(() -> AliasApiException.notFound("catalog item not found: " + catalogId));
    }

    private static int pageSize(String limit) {
        if (limit == null || limit.isBlank()) {
            return MAX_LIMIT;
        }
        long requested;
        try {
            requested = Long.parseLong(limit.trim());
        } catch (NumberFormatException e) {
            throw AliasApiException.invalidArgument("invalid limit: " + limit);
        }
        if (requested < 0) {
            throw AliasApiException.invalidArgument("limit must not be negative");
        }
        // zero means "not set" in proto3; anything above the maximum is capped, not refused
        return requested == 0 ? MAX_LIMIT : (int) Math.min(requested, MAX_LIMIT);
    }

    private static Optional<Boolean> consigned(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return switch (value.trim()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw AliasApiException.invalidArgument("invalid consigned: " + value);
        };
    }

    /** An opaque token for the page starting at {@code offset}, only valid for the same query. */
    private static String token(int offset, String query) {
        String plain = offset + ":" + StyleCodes.normalise(query);
        return TOKEN_ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token, String query) {
        try {
            String plain = new String(TOKEN_DECODER.decode(token), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon > 0 && plain.substring(colon + 1).equals(StyleCodes.normalise(query))) {
                return Integer.parseInt(plain.substring(0, colon));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below; NumberFormatException is an IllegalArgumentException
        }
        throw AliasApiException.invalidArgument("invalid pagination_token");
    }

    private CatalogItem item(Item item) {
        SizeRun sizes = item.sizeRun();
        List<AllowedSize> allowed = sizes.sizes().stream()
                .map(size -> new AllowedSize(sizes.label(size), size, size))
                .toList();
        return new CatalogItem(
                item.catalogId(),
                item.name(),
                item.sku(),
                item.brand(),
                item.gender(),
                item.releaseDate().toString(),
                "shoes",
                "sneakers",
                "SIZE_UNIT_US",
                allowed,
                "2500",
                "200000",
                String.valueOf(item.retailPriceCents()),
                "https://image.goat.com/attachments/product_template_pictures/images/" + item.catalogId() + ".png",
                item.colorway(),
                null,
                false,
                true,
                List.of());
    }
}
