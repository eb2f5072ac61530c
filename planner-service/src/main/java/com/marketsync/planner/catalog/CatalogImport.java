package com.marketsync.planner.catalog;

import com.marketsync.events.Tier;
import com.marketsync.planner.schedule.ScheduleRows;
import com.marketsync.planner.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk import of products: validates each row on its own, then upserts every valid row in a handful of statements and
 * keeps the schedule in step (new products get their rows, tier changes move them). Refused rows are reported, never
 * stored; the valid rows are stored all together or not at all.
 */
@Service
class CatalogImport {

    private static final Logger log = LoggerFactory.getLogger(CatalogImport.class);

    /** Most rows one import takes. */
    static final int MAX_ROWS = 10_000;

    private final ProductRepository products;
    private final ScheduleRows scheduleRows;
    private final Clock clock;

    CatalogImport(ProductRepository products, ScheduleRows scheduleRows, Clock clock) {
        this.products = products;
        this.scheduleRows = scheduleRows;
        this.clock = clock;
    }

    /** The 400 for a file with more than {@code maxRows} rows. */
    static ApiException tooManyRows(int maxRows) {
        return ApiException.badRequest(
                "body",
                String.format(
                        Locale.ROOT,
                        "holds more than %,d rows, the most one import takes; split it into several imports",
                        maxRows));
    }

    /** Stores the valid rows and reports the others. */
    @Transactional
    ImportReport run(List<ImportRow> rows) {
        List<ImportReport.RejectedRow> rejected = new ArrayList<>();
        Map<String, Product> valid = new LinkedHashMap<>();
        Map<String, Integer> rowOf = new HashMap<>();
        for (ImportRow row : rows) {
            FieldProblem problem = row.problem();
            String sku = row.draft().sku();
            if (problem == null && valid.containsKey(sku)) {
                problem = new FieldProblem("sku", "duplicate of row " + rowOf.get(sku) + " in this file");
            }
            if (problem != null) {
                rejected.add(new ImportReport.RejectedRow(row.row(), sku, problem.field(), problem.reason()));
                continue;
            }
            valid.put(sku, row.draft().validate());
            rowOf.put(sku, row.row());
        }
        long started = System.nanoTime();
        int created = valid.isEmpty() ? 0 : store(new ArrayList<>(valid.values()));
        log.info(
                "Catalog import: {} rows, {} created, {} updated, {} rejected; stored in {} ms",
                rows.size(),
                created,
                valid.size() - created,
                rejected.size(),
                (System.nanoTime() - started) / 1_000_000);
        return new ImportReport(rows.size(), created, valid.size() - created, rejected);
    }

    /** Upserts {@code valid} and returns how many were new. */
    private int store(List<Product> valid) {
        // sku order everywhere, so two imports touching the same products lock them in the same order
        valid.sort(Comparator.comparing(Product::sku));
        Instant now = clock.instant();
        Map<String, Tier> before =
                products.lockTiers(valid.stream().map(Product::sku).toList());
        Map<String, Boolean> written = products.upsert(valid, now);
        Map<String, Tier> added = new LinkedHashMap<>();
        Map<String, Tier> retiered = new LinkedHashMap<>();
        for (Product product : valid) {
            Boolean inserted = written.get(product.sku());
            if (inserted == null) {
                continue; // existed with the same name, brand and tier
            }
            if (inserted) {
                added.put(product.sku(), product.tier());
            } else if (before.get(product.sku()) != product.tier()) {
                retiered.put(product.sku(), product.tier());
            }
        }
        scheduleRows.addProducts(added);
        scheduleRows.changeTiers(retiered);
        return added.size();
    }
}
