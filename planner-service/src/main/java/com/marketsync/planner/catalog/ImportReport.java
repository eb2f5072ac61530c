package com.marketsync.planner.catalog;

import java.util.List;

/**
 * The answer to a bulk import: how many rows arrived, were added or updated, and why each refused row was refused.
 *
 * @param received rows in the file (the CSV header and blank lines not counted)
 * @param created rows that added a new product
 * @param updated rows whose sku already existed; the product now has the row's name, brand and tier
 * @param rejected refused rows, in file order; nothing of them was stored
 */
record ImportReport(int received, int created, int updated, List<RejectedRow> rejected) {

    /**
     * A refused row.
     *
     * @param row position of the product in the file, from 1 (the CSV header and blank lines not counted)
     * @param sku the row's sku as given, if it had one
     * @param field the field that broke its rule, or null when the row as a whole is malformed
     * @param reason what is wrong
     */
    record RejectedRow(int row, String sku, String field, String reason) {}
}
