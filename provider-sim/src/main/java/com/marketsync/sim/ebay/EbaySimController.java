package com.marketsync.sim.ebay;

import com.marketsync.sim.Provider;
import com.marketsync.sim.ProviderGateway;
import com.marketsync.sim.ProviderGateway.LimitUsage;
import com.marketsync.sim.StableHash;
import com.marketsync.sim.ebay.EbayCatalog.Listing;
import com.marketsync.sim.ebay.EbayPricing.Priced;
import com.marketsync.sim.ebay.EbayResponses.ConvertedAmount;
import com.marketsync.sim.ebay.EbayResponses.Errors;
import com.marketsync.sim.ebay.EbayResponses.Image;
import com.marketsync.sim.ebay.EbayResponses.ItemLocation;
import com.marketsync.sim.ebay.EbayResponses.ItemSummary;
import com.marketsync.sim.ebay.EbayResponses.Rate;
import com.marketsync.sim.ebay.EbayResponses.RateLimit;
import com.marketsync.sim.ebay.EbayResponses.RateLimitResource;
import com.marketsync.sim.ebay.EbayResponses.RateLimitsResponse;
import com.marketsync.sim.ebay.EbayResponses.SearchPagedCollection;
import com.marketsync.sim.ebay.EbayResponses.Seller;
import com.marketsync.sim.ebay.EbayResponses.ShippingOption;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * eBay's Browse {@code item_summary/search} (under {@code /ebay/buy/browse/v1}) and the Developer Analytics rate-limit
 * report (under {@code /ebay/developer/analytics/v1_beta}).
 */
@RestController
class EbaySimController {

    static final String BROWSE = "/ebay/buy/browse/v1";
    static final String ANALYTICS = "/ebay/developer/analytics/v1_beta";

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_OFFSET = 10_000;

    private static final DateTimeFormatter EBAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final EbayCatalog catalog;
    private final EbayPricing pricing;
    private final ProviderGateway gateway;

    EbaySimController(EbayCatalog catalog, EbayPricing pricing, ProviderGateway gateway) {
        this.catalog = catalog;
        this.pricing = pricing;
        this.gateway = gateway;
    }

    @GetMapping(BROWSE + "/item_summary/search")
    SearchPagedCollection search(
            HttpServletRequest request,
            @RequestHeader(name = EbayMarketplace.HEADER, required = false) String marketplaceId,
            @RequestParam(required = false) String q,
            @RequestParam(name = "category_ids", required = false) String categoryIds,
            @RequestParam(name = "aspect_filter", required = false) String aspectFilter,
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset,
            @RequestParam(required = false) String epid,
            @RequestParam(required = false) String gtin) {
        if (blank(q) && blank(categoryIds) && blank(epid) && blank(gtin)) {
            throw EbayApiException.badRequest(
                    12001, "The call must have a valid 'q', 'category_ids', 'epid' or 'gtin' query parameter.");
        }
        int pageSize = limit(limit);
        int from = offset(offset, pageSize);
        EbayMarketplace marketplace = EbayMarketplace.fromHeader(marketplaceId);
        EbaySearch search = EbaySearch.parse(q, categoryIds, aspectFilter, filter, sort, marketplace, catalog);

        // the simulated listings carry no ePID or GTIN, so a search by either finds nothing
        boolean byProductIdentifier = !blank(epid) || !blank(gtin);
        List<Map.Entry<Listing, Priced>> hits = catalog.listings(marketplace).stream()
                .filter(listing -> !byProductIdentifier)
                .map(listing -> (Map.Entry<Listing, Priced>) new SimpleEntry<>(listing, pricing.price(listing)))
                .filter(e -> search.matches(e.getKey(), e.getValue()))
                .sorted(search.order())
                .toList();
        List<ItemSummary> page = hits.stream()
                .skip(from)
                .limit(pageSize)
                .map(e -> summary(request, e.getKey(), e.getValue()))
                .toList();
        return new SearchPagedCollection(
                pageUrl(request, pageSize, from),
                hits.size(),
                from + pageSize < hits.size() ? pageUrl(request, pageSize, from + pageSize) : null,
                from > 0 ? pageUrl(request, pageSize, Math.max(0, from - pageSize)) : null,
                pageSize,
                from,
                page.isEmpty() ? null : page,
                search.warnings().isEmpty() ? null : search.warnings());
    }

    @GetMapping({ANALYTICS + "/rate_limit", ANALYTICS + "/rate_limit/"})
    RateLimitsResponse rateLimits(
            HttpServletRequest request,
            @RequestParam(name = "api_context", required = false) String apiContext,
            @RequestParam(name = "api_name", required = false) String apiName) {
        boolean browse = (blank(apiContext) || apiContext.equalsIgnoreCase("buy"))
                && (blank(apiName) || apiName.equalsIgnoreCase("browse"));
        if (!browse) {
            return new RateLimitsResponse(List.of());
        }
        String clientId = (String) request.getAttribute(EbayGateway.CLIENT_ID);
        List<Rate> rates = gateway.usage(Provider.EBAY, clientId).stream()
                .map(EbaySimController::rate)
                .toList();
        return new RateLimitsResponse(
                List.of(new RateLimit("buy", "browse", "v1", List.of(new RateLimitResource("buy.browse", rates)))));
    }

    /** Any other path under the Browse API: 404 in eBay's error shape. */
    @RequestMapping(BROWSE + "/**")
    ResponseEntity<Errors> unknownPath(HttpServletRequest request) {
        return EbayErrorHandler.errors(EbayApiException.notFound(request.getRequestURI()));
    }

    private static Rate rate(LimitUsage usage) {
        return new Rate(
                usage.count(),
                usage.limit(),
                Math.max(0, usage.limit() - usage.count()),
                EBAY_TIME.format(usage.reset()),
                usage.window().toSeconds());
    }

    private ItemSummary summary(HttpServletRequest request, Listing listing, Priced priced) {
        EbayMarketplace market = listing.marketplace();
        String currency = market.currency();
        ConvertedAmount price = new ConvertedAmount(
                money(priced.price()),
                currency,
                priced.originalPrice() == null ? null : money(priced.originalPrice()),
                priced.originalPrice() == null
                        ? null
                        : listing.sellerMarketplace().currency());
        ShippingOption shipping =
                new ShippingOption("FIXED", new ConvertedAmount(money(priced.shipping()), currency, null, null));
        EbayCatalog.Category category = listing.product().category();
        return new ItemSummary(
                listing.itemId(),
                listing.title(),
                List.of(category.leafId()),
                category.path(),
                new Image("https://i.ebayimg.com/images/g/"
                        + Long.toHexString(StableHash.of("ebay-image", listing.legacyItemId()))
                        + "/s-l225.jpg"),
                price,
                base(request) + BROWSE + "/item/"
                        + UriUtils.encodePathSegment(listing.itemId(), StandardCharsets.UTF_8),
                new Seller(listing.seller(), listing.feedbackPercentage(), listing.feedbackScore()),
                listing.condition(),
                listing.conditionId(),
                List.of(shipping),
                listing.buyingOptions(),
                priced.currentBid() == null
                        ? null
                        : new ConvertedAmount(money(priced.currentBid()), currency, null, null),
                priced.bidCount(),
                priced.auctionEnd() == null ? null : EBAY_TIME.format(priced.auctionEnd()),
                market.site() + "/itm/" + listing.legacyItemId(),
                new ItemLocation(
                        listing.postalCode(), listing.sellerMarketplace().country()),
                false,
                listing.legacyItemId(),
                EBAY_TIME.format(EbaySearch.listedAt(listing, priced)),
                listing.sellerMarketplace().name());
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static int limit(String value) {
        if (blank(value)) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw EbayApiException.badRequest(12007, "The 'limit' value must be an integer value.");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw EbayApiException.badRequest(12006, "The 'limit' value should be between 1 and 200 (inclusive).");
        }
        return limit;
    }

    private static int offset(String value, int limit) {
        if (blank(value)) {
            return 0;
        }
        int offset;
        try {
            offset = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw EbayApiException.badRequest(12005, "The 'offset' value must be an integer.");
        }
        if (offset < 0) {
            throw EbayApiException.badRequest(12004, "The 'offset' value cannot be negative.");
        }
        if (offset >= MAX_OFFSET) {
            throw EbayApiException.badRequest(
                    12029,
                    "The maximum number of listings that can be retrieved is 10,000, so your offset value must be less"
                            + " than 10,000. If 10,000 or more listings are matching your search criteria, consider"
                            + " narrowing the scope of your search.");
        }
        if (offset % limit != 0) {
            throw EbayApiException.badRequest(
                    12515, "The 'offset' value must be either zero or a multiple of the 'limit' value.");
        }
        return offset;
    }

    /** This request's URL with {@code limit} and {@code offset} set, as eBay's {@code href}, {@code next}, {@code prev}. */
    private static String pageUrl(HttpServletRequest request, int limit, int offset) {
        StringJoiner query = new StringJoiner("&");
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("limit") && !name.equals("offset")) {
                for (String value : values) {
                    query.add(encode(name) + "=" + encode(value));
                }
            }
        });
        query.add("limit=" + limit);
        query.add("offset=" + offset);
        return request.getRequestURL() + "?" + query;
    }

    private static String encode(String value) {
        return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8);
    }

    private static String base(HttpServletRequest request) {
        String url = request.getRequestURL().toString();
        return url.substring(0, url.length() - request.getRequestURI().length());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
