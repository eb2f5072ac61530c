package com.marketsync.planner.catalog;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import com.marketsync.planner.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog REST API under {@code /api/products}: validates every input (a 400 naming the field), then hands over
 * to {@link ProductCatalog} and {@link CatalogImport}. Parameters arrive as text and are parsed here, so a wrong type
 * is a 400 naming the parameter like any other invalid value.
 */
@RestController
@RequestMapping("/api/products")
class ProductController {

    private static final String TEXT_CSV = "text/csv";

    private final ProductCatalog catalog;
    private final CatalogImport imports;

    ProductController(ProductCatalog catalog, CatalogImport imports) {
        this.catalog = catalog;
        this.imports = imports;
    }

    /** Adds a product: 201 with the product, 409 if the sku exists. */
    @PostMapping
    ResponseEntity<ProductView> create(@RequestBody ProductDraft body) {
        ProductView created = catalog.create(body.validate());
        return ResponseEntity.created(URI.create("/api/products/" + created.sku()))
                .body(created);
    }

    /** One product with its provider mappings and per-region schedule. */
    @GetMapping("/{sku}")
    ProductView get(@PathVariable String sku) {
        return catalog.view(Sku.require("sku", sku));
    }

    /** A page of products in sku order, filtered by tier, provider and staleness. */
    @GetMapping
    ProductPage list(
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String size,
            @RequestParam(required = false) String tier,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String stale) {
        return catalog.list(new ProductQuery(
                absent(tier) ? null : ProductFields.tier("tier", tier),
                absent(provider) ? null : ProductFields.provider("provider", provider),
                absent(stale) ? null : bool("stale", stale),
                integer("page", page, 0, 0, Integer.MAX_VALUE, "must be a whole number, 0 or more"),
                integer(
                        "size",
                        size,
                        ProductQuery.DEFAULT_SIZE,
                        1,
                        ProductQuery.MAX_SIZE,
                        "must be a whole number from 1 to " + ProductQuery.MAX_SIZE)));
    }

    /** Replaces a product's name, brand and tier. */
    @PutMapping("/{sku}")
    ProductView update(@PathVariable String sku, @RequestBody ProductUpdate body) {
        Sku.require("sku", sku);
        return catalog.update(new ProductDraft(sku, body.name(), body.brand(), body.tier()).validate());
    }

    /** Moves a product to another tier. */
    @PutMapping("/{sku}/tier")
    ProductView changeTier(@PathVariable String sku, @RequestBody TierUpdate body) {
        Sku.require("sku", sku);
        Tier tier = ProductFields.tier("tier", body.tier());
        return catalog.changeTier(sku, tier);
    }

    /** Removes a product with its schedule rows and mappings: 204, 404 if unknown. */
    @DeleteMapping("/{sku}")
    ResponseEntity<Void> delete(@PathVariable String sku) {
        catalog.delete(Sku.require("sku", sku));
        return ResponseEntity.noContent().build();
    }

    /** Schedules a product again for a provider that archived it: 409 if that provider had not. */
    @PostMapping("/{sku}/providers/{provider}/reactivate")
    ProductView reactivate(@PathVariable String sku, @PathVariable String provider) {
        Provider parsed = ProductFields.provider("provider", provider);
        return catalog.reactivate(Sku.require("sku", sku), parsed);
    }

    /** Bulk import from CSV with a header row sku,name,brand,tier. */
    @Operation(
            summary = "Import up to 10,000 products from CSV",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = TEXT_CSV,
                                            schema =
                                                    @Schema(
                                                            type = "string",
                                                            example = "sku,name,brand,tier\n"
                                                                    + "DD1391-100,\"Nike Dunk Low, Panda\",Nike,HOT"))))
    @PostMapping(
            path = "/import",
            consumes = {TEXT_CSV, "application/csv"})
    ImportReport importCsv(HttpServletRequest request) throws IOException {
        Charset charset = charset(request.getContentType());
        List<ImportRow> rows =
                CatalogCsv.read(new InputStreamReader(request.getInputStream(), charset), CatalogImport.MAX_ROWS);
        return imports.run(rows);
    }

    /** Bulk import from a JSON array of products. */
    @Operation(
            summary = "Import up to 10,000 products from a JSON array",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            array =
                                                    @ArraySchema(
                                                            schema = @Schema(implementation = ProductDraft.class)))))
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    ImportReport importJson(InputStream body) {
        return imports.run(CatalogJson.read(body, CatalogImport.MAX_ROWS));
    }

    /**
     * The charset the CSV declares, UTF-8 if none. Read from the header itself: the servlet's own encoding may have
     * been forced to UTF-8 by Boot's character encoding filter.
     */
    private static Charset charset(String contentType) {
        try {
            Charset declared = contentType == null
                    ? null
                    : MediaType.parseMediaType(contentType).getCharset();
            return declared == null ? StandardCharsets.UTF_8 : declared;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Content-Type", "names a charset this server does not know");
        }
    }

    /** An optional query parameter left out or empty ({@code ?tier=}). */
    private static boolean absent(String text) {
        return text == null || text.isBlank();
    }

    private static int integer(String name, String text, int fallback, int min, int max, String rule) {
        if (absent(text)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest(name, rule);
    }

    private static boolean bool(String name, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name, "must be true or false");
        };
    }

    /**
     * Body of {@code PUT /api/products/{sku}}.
     *
     * @param name the new name
     * @param brand the new brand
     * @param tier the new tier
     */
    record ProductUpdate(String name, String brand, String tier) {}

    /**
     * Body of {@code PUT /api/products/{sku}/tier}.
     *
     * @param tier HOT, WARM, COLD or FROZEN
     */
    record TierUpdate(String tier) {}
}
