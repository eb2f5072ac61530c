package com.marketsync.planner.catalog;

import com.marketsync.events.Tier;

/** A valid product of the catalog: a well-formed style code, a name and brand, and its freshness tier. */
record Product(String sku, String name, String brand, Tier tier) {}
