package com.marketsync.sim.stockx;

import java.util.List;

/** JSON bodies of the simulated StockX API, field for field as the public v2 schema names them. */
final class StockxResponses {

    private StockxResponses() {}

    record Search(int count, int pageSize, int pageNumber, boolean hasNextPage, List<Product> products) {}

    record Product(
            String productId,
            String urlKey,
            String styleId,
            String productType,
            String title,
            String brand,
            ProductAttributes productAttributes) {}

    record ProductAttributes(
            String gender, String season, String releaseDate, int retailPrice, String colorway, String color) {}

    record ProductVariant(
            String productId,
            String variantId,
            String variantName,
            String variantValue,
            SizeChart sizeChart,
            List<Gtin> gtins,
            boolean isFlexEligible,
            boolean isDirectEligible) {}

    record SizeChart(SizeConversion defaultConversion, List<SizeConversion> availableConversions) {}

    record SizeConversion(String size, String type) {}

    record Gtin(String identifier, String type) {}

    /** Amounts are decimal strings in major units of {@code currencyCode}, or null when there is none. */
    record VariantMarketData(
            String productId,
            String variantId,
            String currencyCode,
            String lowestAskAmount,
            String highestBidAmount,
            String sellFasterAmount,
            String earnMoreAmount,
            String flexLowestAskAmount,
            MarketData standardMarketData,
            MarketData flexMarketData,
            MarketData directMarketData) {}

    record MarketData(String lowestAsk, String highestBidAmount, String sellFaster, String earnMore, String beatUS) {

        static final MarketData EMPTY = new MarketData(null, null, null, null, null);
    }

    record PublicApiError(int statusCode, String message) {}

    record TokenResponse(String access_token, long expires_in, String token_type, String refresh_token) {}

    record OauthError(String error, String error_description) {}
}
