package com.marketsync.writer.api;

import java.util.List;

/**
 * One page of {@code GET /api/prices/{sku}/history}, newest first; {@code nextCursor} reads the next page and is
 * null on the last one.
 */
record PriceHistoryView(List<HistoricPriceView> items, String nextCursor) {}
