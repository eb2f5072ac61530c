package com.marketsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.Provider;
import com.marketsync.events.RequestSuperseded;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void providerLanesMatchTheNamedConstants() {
        assertThat(Topics.syncRequests(Provider.STOCKX)).isEqualTo(Topics.SYNC_REQUESTS_STOCKX);
        assertThat(Topics.syncRequestsPriority(Provider.STOCKX)).isEqualTo(Topics.SYNC_REQUESTS_STOCKX_PRIORITY);
        assertThat(Topics.syncRequests(Provider.ALIAS)).isEqualTo(Topics.SYNC_REQUESTS_ALIAS);
        assertThat(Topics.syncRequestsPriority(Provider.EBAY)).isEqualTo(Topics.SYNC_REQUESTS_EBAY_PRIORITY);
    }

    @Test
    void everyProviderHasBothLanesInTheCatalogue() {
        for (Provider provider : Provider.values()) {
            assertThat(Topics.all())
                    .extracting(Topics.TopicSpec::name)
                    .contains(Topics.syncRequests(provider), Topics.syncRequestsPriority(provider));
        }
    }

    @Test
    void supersessionsAreAPlainTopicOfRequestSupersededKeyedBySku() {
        assertThat(Topics.all())
                .filteredOn(spec -> spec.name().equals(Topics.SYNC_SUPERSESSIONS))
                .singleElement()
                .isEqualTo(new Topics.TopicSpec("market.sync-supersessions", "sku", RequestSuperseded.class, false));
    }

    @Test
    void latestPricesIsCompactedAndKeyedByTheLatestRowIdentity() {
        assertThat(Topics.all())
                .filteredOn(spec -> spec.name().equals(Topics.LATEST_PRICES))
                .singleElement()
                .satisfies(spec -> {
                    assertThat(spec.compacted()).isTrue();
                    assertThat(spec.valueType()).isEqualTo(LatestPrice.class);
                });
        assertThat(Topics.latestPriceKey(Provider.ALIAS, "DD1391-100", "10|NEW|GOOD", "EU"))
                .isEqualTo("ALIAS|DD1391-100|10|NEW|GOOD|EU");
    }

    @Test
    void topicNamesAreUniqueAndFollowTheConvention() {
        assertThat(Topics.all()).extracting(Topics.TopicSpec::name).doesNotHaveDuplicates();
        assertThat(Topics.all())
                .extracting(Topics.TopicSpec::name)
                .allMatch(name -> name.matches("market\\.[a-z-]+(\\.[a-z]+)*"));
        assertThat(Topics.deadLetter(Topics.PRICE_SNAPSHOTS)).isEqualTo("market.price-snapshots-dlt");
    }
}
