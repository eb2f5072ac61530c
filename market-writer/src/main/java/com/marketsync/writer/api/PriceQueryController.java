package com.marketsync.writer.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Answers price queries of one sku: its latest prices, and its price history page by page. */
@RestController
@RequestMapping("/api/prices")
class PriceQueryController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration MAX_WINDOW = Duration.ofDays(400);

    private final PriceQueryRepository repository;
    private final Clock clock;

    PriceQueryController(PriceQueryRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @GetMapping("/{sku}")
    CurrentPricesView current(
            @PathVariable("sku") String sku,
            @RequestParam(name = "provider", required = false) String provider,
            @RequestParam(name = "region", required = false) String region) {
        String validSku = QueryParameters.required("sku", sku);
        String validProvider = QueryParameters.provider("provider", provider);
        String validRegion = QueryParameters.optional("region", region);

        List<CurrentPriceView> prices = repository.latest(validSku, validProvider, validRegion, clock.instant());
        // a filter that matches nothing is an empty answer; a sku without any latest price is unknown
        if (prices.isEmpty() && (validProvider == null && validRegion == null || !repository.hasLatest(validSku))) {
            throw new UnknownSkuException(validSku);
        }
        return new CurrentPricesView(validSku, prices);
    }

    @GetMapping("/{sku}/history")
    PriceHistoryView history(
            @PathVariable("sku") String sku,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "provider", required = false) String provider,
            @RequestParam(name = "region", required = false) String region,
            @RequestParam(name = "size", required = false) String size,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "cursor", required = false) String cursor) {
        String validSku = QueryParameters.required("sku", sku);
        String validProvider = QueryParameters.provider("provider", provider);
        String validRegion = QueryParameters.optional("region", region);
        String validSize = QueryParameters.optional("size", size);
        int validLimit = QueryParameters.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        HistoryCursor after = HistoryCursor.decode("cursor", cursor);
        Instant requestedFrom = QueryParameters.instant("from", from);
        Instant requestedTo = QueryParameters.instant("to", to);

        Instant windowEnd = requestedTo != null ? requestedTo : QueryParameters.ceilToMicros(clock.instant());
        Instant windowStart = requestedFrom != null ? requestedFrom : windowEnd.minus(DEFAULT_WINDOW);
        if (!windowStart.isBefore(windowEnd)) {
            throw new InvalidParameterException(
                    "from",
                    "Parameter 'from' must be before 'to' (" + windowEnd + (requestedTo == null ? ", now)" : ")"));
        }
        if (Duration.between(windowStart, windowEnd).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidParameterException(
                    "from",
                    "Parameter 'from' must be at most " + MAX_WINDOW.toDays() + " days before 'to' (" + windowEnd
                            + (requestedTo == null ? ", now)" : ")"));
        }

        // one row more than the page tells whether a next page exists
        HistoryQuery query = new HistoryQuery(
                validSku, validProvider, validRegion, validSize, windowStart, windowEnd, validLimit + 1, after);
        List<HistoricPriceView> rows = repository.history(query);
        if (rows.isEmpty() && !repository.hasLatest(validSku) && !repository.hasHistory(validSku)) {
            throw new UnknownSkuException(validSku);
        }
        if (rows.size() <= validLimit) {
            return new PriceHistoryView(rows, null);
        }
        List<HistoricPriceView> page = rows.subList(0, validLimit);
        HistoricPriceView last = page.getLast();
        return new PriceHistoryView(
                List.copyOf(page), new HistoryCursor(last.observedAt(), last.snapshotId()).encode());
    }
}
