package com.marketsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which request paths are a provider's counted API calls: the APIs themselves, never their token endpoints. */
class ProviderTest {

    @Test
    void apiPathsBelongToTheirProvider() {
        assertThat(Provider.servingApiPath("/stockx/v2/catalog/search")).contains(Provider.STOCKX);
        assertThat(Provider.servingApiPath("/alias/api/v1/test")).contains(Provider.ALIAS);
        assertThat(Provider.servingApiPath("/ebay/buy/browse/v1/item_summary/search"))
                .contains(Provider.EBAY);
    }

    @Test
    void tokenEndpointsAndLookalikePathsAreNotApiCalls() {
        assertThat(Provider.servingApiPath("/stockx/oauth/token")).isEmpty();
        assertThat(Provider.servingApiPath("/ebay/identity/v1/oauth2/token")).isEmpty();
        assertThat(Provider.servingApiPath("/ebay/developer/analytics/v1_beta/rate_limit/"))
                .isEmpty();
        assertThat(Provider.servingApiPath("/stockx/v20/catalog")).isEmpty();
        assertThat(Provider.servingApiPath("/sim/stats")).isEmpty();
    }
}
