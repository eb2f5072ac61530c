package com.marketsync.writer.api;

/** No price of the requested sku is stored at all; answered 404. */
class UnknownSkuException extends RuntimeException {

    private final String sku;

    UnknownSkuException(String sku) {
        super("No prices are stored for sku '" + sku + "'");
        this.sku = sku;
    }

    String sku() {
        return sku;
    }
}
