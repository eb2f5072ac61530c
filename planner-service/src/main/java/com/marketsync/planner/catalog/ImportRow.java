package com.marketsync.planner.catalog;

/**
 * One row read from an import file: its position and its fields, or why it could not even be split into fields.
 *
 * @param row position of the product in the file, from 1
 * @param draft the row's fields (those it had when malformed)
 * @param malformed why the row is malformed as a whole (wrong cell count, broken quoting, not an object), or null
 */
record ImportRow(int row, ProductDraft draft, FieldProblem malformed) {

    static ImportRow of(int row, ProductDraft draft) {
        return new ImportRow(row, draft, null);
    }

    /** Why the row is refused, or null if it is a valid product. */
    FieldProblem problem() {
        return malformed != null ? malformed : draft.problem();
    }
}
