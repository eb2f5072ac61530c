package com.marketsync.writer.api;

import com.marketsync.events.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Lets operators look up the latest stored prices of a product. */
@RestController
@RequestMapping("/api/latest-prices")
class LatestPriceController {

    private final LatestPriceQueryRepository repository;

    LatestPriceController(LatestPriceQueryRepository repository) {
        this.repository = repository;
    }

    @GetMapping
    List<LatestPriceView> find(
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String region) {
        if (sku == null || sku.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Query parameter 'sku' is required");
        }
        return repository.find(sku.strip(), provider(provider), blankToNull(region));
    }

    private static String provider(String provider) {
        String value = blankToNull(provider);
        if (value == null) {
            return null;
        }
        try {
            return Provider.valueOf(value.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "Query parameter 'provider' must be one of " + Arrays.toString(Provider.values()));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
