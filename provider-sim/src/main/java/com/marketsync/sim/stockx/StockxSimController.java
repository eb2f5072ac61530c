package com.marketsync.sim.stockx;

import com.marketsync.sim.stockx.StockxCatalog.Product;
import com.marketsync.sim.stockx.StockxCatalog.SizeSystem;
import com.marketsync.sim.stockx.StockxCatalog.Variant;
import com.marketsync.sim.stockx.StockxPricing.Currency;
import com.marketsync.sim.stockx.StockxResponses.Gtin;
import com.marketsync.sim.stockx.StockxResponses.ProductAttributes;
import com.marketsync.sim.stockx.StockxResponses.ProductVariant;
import com.marketsync.sim.stockx.StockxResponses.PublicApiError;
import com.marketsync.sim.stockx.StockxResponses.Search;
import com.marketsync.sim.stockx.StockxResponses.SizeChart;
import com.marketsync.sim.stockx.StockxResponses.SizeConversion;
import com.marketsync.sim.stockx.StockxResponses.VariantMarketData;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The StockX v2 catalogue and market-data endpoints, served under {@code /stockx/v2}. */
@RestController
@RequestMapping(StockxSimController.API)
class StockxSimController {

    static final String API = "/stockx/v2";

    private static final int MAX_PAGE_SIZE = 50;
    private static final int MAX_QUERY_LENGTH = 100;

    private final StockxCatalog catalog;
    private final StockxPricing pricing;

    StockxSimController(StockxCatalog catalog, StockxPricing pricing) {
        this.catalog = catalog;
        this.pricing = pricing;
    }

    @GetMapping("/catalog/search")
    Search search(
            @RequestParam String query,
            @RequestParam(defaultValue = "1") int pageNumber,
            // StockX really defaults to one result per page; clients that forget pageSize only see the first hit
            @RequestParam(defaultValue = "1") int pageSize) {
        if (query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
            throw badRequest("query must be 1 to " + MAX_QUERY_LENGTH + " characters");
        }
        if (pageNumber < 1) {
            throw badRequest("pageNumber must be at least 1");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw badRequest("pageSize must be between 1 and " + MAX_PAGE_SIZE);
        }
        List<Product> hits = catalog.search(query);
        long from = (long) (pageNumber - 1) * pageSize;
        List<StockxResponses.Product> page =
                hits.stream().skip(from).limit(pageSize).map(this::product).toList();
        return new Search(hits.size(), pageSize, pageNumber, from + pageSize < hits.size(), page);
    }

    @GetMapping("/catalog/products/{productId}")
    StockxResponses.Product productDetail(@PathVariable String productId) {
        return product(find(productId));
    }

    @GetMapping("/catalog/products/{productId}/variants")
    List<ProductVariant> variants(@PathVariable String productId) {
        return find(productId).variants().stream().map(this::variant).toList();
    }

    @GetMapping("/catalog/products/{productId}/variants/{variantId}")
    ProductVariant variant(@PathVariable String productId, @PathVariable String variantId) {
        return variant(find(productId, variantId));
    }

    @GetMapping("/catalog/products/{productId}/market-data")
    List<VariantMarketData> marketData(
            @PathVariable String productId, @RequestParam(defaultValue = "USD") String currencyCode) {
        Product product = find(productId);
        Currency currency = currency(currencyCode);
        return product.variants().stream()
                .map(v -> pricing.marketData(product, v, currency))
                .toList();
    }

    @GetMapping("/catalog/products/{productId}/variants/{variantId}/market-data")
    VariantMarketData variantMarketData(
            @PathVariable String productId,
            @PathVariable String variantId,
            @RequestParam(defaultValue = "USD") String currencyCode) {
        Variant variant = find(productId, variantId);
        return pricing.marketData(find(productId), variant, currency(currencyCode));
    }

    /** Any other path under {@code /v2}: StockX's gateway answers 404 in its own error shape. */
    @RequestMapping("/**")
    ResponseEntity<PublicApiError> unknownPath(HttpServletRequest request) {
        return StockxErrorHandler.publicApiError(
                new StockxApiException(HttpStatus.NOT_FOUND, "Not Found: " + request.getRequestURI()));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<PublicApiError> onBadParameter(Exception e) {
        return StockxErrorHandler.publicApiError(badRequest(e.getMessage()));
    }

    private Product find(String productId) {
        return catalog.product(productId)
                .orElseThrow(() -> new StockxApiException(HttpStatus.NOT_FOUND, "Product not found: " + productId));
    }

    private Variant find(String productId, String variantId) {
        Product product = find(productId);
        Variant variant = catalog.variant(variantId)
                .orElseThrow(() -> new StockxApiException(HttpStatus.NOT_FOUND, "Variant not found: " + variantId));
        if (!variant.productId().equals(product.productId())) {
            throw badRequest("Variant " + variantId + " does not belong to product " + productId);
        }
        return variant;
    }

    private static Currency currency(String code) {
        return Currency.parse(code)
                .orElseThrow(() -> badRequest(
                        "Unsupported currencyCode " + code + ", expected one of " + List.of(Currency.values())));
    }

    private static StockxApiException badRequest(String message) {
        return new StockxApiException(HttpStatus.BAD_REQUEST, message);
    }

    private StockxResponses.Product product(Product p) {
        return new StockxResponses.Product(
                p.productId().toString(),
                p.urlKey(),
                p.styleId(),
                "sneakers",
                p.title(),
                p.brand(),
                new ProductAttributes(
                        p.gender(), null, p.releaseDate().toString(), p.retailPrice(), p.colorway(), null));
    }

    private ProductVariant variant(Variant v) {
        SizeSystem sizes = v.sizeSystem();
        int i = v.sizeIndex();
        return new ProductVariant(
                v.productId().toString(),
                v.variantId().toString(),
                v.variantName(),
                v.variantValue(),
                new SizeChart(
                        new SizeConversion(v.variantValue(), sizes.type()),
                        List.of(
                                new SizeConversion(sizes.uk(i), "uk"),
                                new SizeConversion(sizes.eu(i), "eu"),
                                new SizeConversion(sizes.cm(i), "cm"))),
                List.of(new Gtin(v.upc(), "UPC")),
                v.flexEligible(),
                v.directEligible());
    }
}
