package com.marketsync.sim.ebay;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** The eBay marketplaces the simulator has listings on, with their currency and how many units one US dollar buys. */
enum EbayMarketplace {
    EBAY_US("USD", "1", "https://www.ebay.com", "US", List.of("100**", "900**", "606**", "770**", "331**")),
    EBAY_GB("GBP", "0.79", "https://www.ebay.co.uk", "GB", List.of("SW1***", "M1***", "B1***", "LS1***", "G1***")),
    EBAY_DE("EUR", "0.92", "https://www.ebay.de", "DE", List.of("10***", "80***", "20***", "50***", "60***"));

    /** The request header that picks the marketplace. */
    static final String HEADER = "X-EBAY-C-MARKETPLACE-ID";

    private final String currency;
    private final BigDecimal perUsd;
    private final String site;
    private final String country;
    private final List<String> postalCodes;

    EbayMarketplace(String currency, String perUsd, String site, String country, List<String> postalCodes) {
        this.currency = currency;
        this.perUsd = new BigDecimal(perUsd);
        this.site = site;
        this.country = country;
        this.postalCodes = postalCodes;
    }

    /** The marketplace a header names; a missing or unknown one silently means EBAY_US, as on eBay. */
    static EbayMarketplace fromHeader(String value) {
        return Arrays.stream(values())
                .filter(m -> m.name().equals(value))
                .findFirst()
                .orElse(EBAY_US);
    }

    /** Where the foreign sellers on this marketplace list from. */
    EbayMarketplace crossBorderSource() {
        return this == EBAY_US ? EBAY_GB : EBAY_US;
    }

    String currency() {
        return currency;
    }

    BigDecimal perUsd() {
        return perUsd;
    }

    String site() {
        return site;
    }

    String country() {
        return country;
    }

    List<String> postalCodes() {
        return postalCodes;
    }
}
