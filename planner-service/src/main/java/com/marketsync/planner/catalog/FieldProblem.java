package com.marketsync.planner.catalog;

import com.marketsync.planner.web.ApiException;

/**
 * Why one input field is refused: answered as a 400 naming the field by the single-product endpoints, listed per row
 * by the bulk import.
 *
 * @param field the JSON field, column or parameter that is wrong, or null when the whole row is
 * @param reason what is wrong with it
 */
record FieldProblem(String field, String reason) {

    ApiException toException() {
        return ApiException.badRequest(field, reason);
    }
}
