package com.marketsync.writer.api;

import java.util.List;

/** The answer of {@code GET /api/prices/{sku}}: the latest price of every provider × variant × region of a sku. */
record CurrentPricesView(String sku, List<CurrentPriceView> prices) {}
