package com.marketsync.writer.api;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
            @RequestParam(name = "sku", required = false) String sku,
            @RequestParam(name = "provider", required = false) String provider,
            @RequestParam(name = "region", required = false) String region) {
        return repository.find(
                QueryParameters.required("sku", sku),
                QueryParameters.provider("provider", provider),
                QueryParameters.optional("region", region));
    }
}
