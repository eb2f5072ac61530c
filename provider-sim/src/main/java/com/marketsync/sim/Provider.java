package com.marketsync.sim;

import java.util.Arrays;
import java.util.Optional;

/** The marketplaces the simulator stands in for, each with the path prefix of its counted API calls. */
public enum Provider {
    STOCKX("/stockx/v2"),
    ALIAS("/alias/api/v1"),
    EBAY("/ebay/buy/browse/v1");

    private final String apiPath;

    Provider(String apiPath) {
        this.apiPath = apiPath;
    }

    /** Path prefix of the provider's API calls; token endpoints live elsewhere and are never counted. */
    public String apiPath() {
        return apiPath;
    }

    /** The provider whose API serves the request path, if any. */
    static Optional<Provider> servingApiPath(String path) {
        return Arrays.stream(values())
                .filter(p -> path.equals(p.apiPath) || path.startsWith(p.apiPath + "/"))
                .findFirst();
    }

    static Optional<Provider> parse(String name) {
        return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst();
    }
}
