package com.marketsync.sim.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.ebay.EbayCatalog.Kind;
import com.marketsync.sim.ebay.EbayCatalog.Listing;
import com.marketsync.sim.ebay.EbayPricing.Priced;
import com.marketsync.testkit.MovableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simulated eBay prices: two-decimal amounts, auctions priced at the starting bid, conversion, drift. */
class EbayPricingTest {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    private final EbayCatalog catalog = new EbayCatalog();
    private final MovableClock clock = new MovableClock(START);
    private final EbayPricing pricing = pricing(clock);

    private static EbayPricing pricing(MovableClock clock) {
        return new EbayPricing(clock, new EbaySimProperties("c", "s", Duration.ofHours(2), Duration.ofMinutes(5)));
    }

    @Test
    void pricesArePositiveAndShippingIsFreeOrPaid() {
        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            for (Listing l : catalog.listings(marketplace)) {
                Priced p = pricing.price(l);
                assertThat(p.price()).isPositive();
                assertThat(p.price().scale()).isLessThanOrEqualTo(2);
                if (l.freeShipping()) {
                    assertThat(p.shipping()).isZero();
                } else {
                    assertThat(p.shipping()).isGreaterThan(new BigDecimal("5"));
                }
            }
        }
    }

    @Test
    void anAuctionsPriceIsItsStartingBidFarBelowTheBuyItNowPrices() {
        List<Listing> panda = panda(EbayMarketplace.EBAY_US);
        BigDecimal cheapestBuyItNow = panda.stream()
                .filter(l -> l.kind() == Kind.GENUINE)
                .map(l -> pricing.price(l).price())
                .min(BigDecimal::compareTo)
                .orElseThrow();

        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            for (Listing l : catalog.listings(marketplace)) {
                Priced p = pricing.price(l);
                if (l.kind() == Kind.AUCTION) {
                    assertThat(p.currentBid()).isGreaterThanOrEqualTo(p.price());
                    assertThat(p.bidCount()).isNotNull();
                    assertThat(p.auctionEnd()).isAfter(START).isBefore(START.plus(Duration.ofDays(7)));
                } else if (l.kind() == Kind.AUCTION_BUY_IT_NOW) {
                    assertThat(p.bidCount()).isZero();
                    assertThat(p.currentBid()).isLessThan(p.price());
                } else {
                    assertThat(p.currentBid()).isNull();
                    assertThat(p.auctionEnd()).isNull();
                }
            }
        }
        assertThat(panda.stream().filter(l -> l.kind() == Kind.AUCTION).map(l -> pricing.price(l)
                        .price()))
                .allMatch(start -> start.compareTo(cheapestBuyItNow) < 0);
    }

    @Test
    void foreignSellersPricesAreConvertedFromTheirCurrency() {
        int converted = 0;
        for (Listing l : catalog.listings(EbayMarketplace.EBAY_DE)) {
            Priced p = pricing.price(l);
            if (l.crossBorder() && l.kind() != Kind.AUCTION) {
                // a US seller's dollars shown in euros at 0.92
                BigDecimal expected = p.originalPrice().multiply(new BigDecimal("0.92"));
                assertThat(p.price()).isCloseTo(expected, org.assertj.core.data.Offset.offset(new BigDecimal("0.01")));
                converted++;
            } else if (l.kind() != Kind.AUCTION) {
                assertThat(p.originalPrice()).isNull();
            }
        }
        assertThat(converted).isPositive();
    }

    @Test
    void marketplacesPriceTheSamePairInTheirOwnCurrencyLevel() {
        BigDecimal us = median(EbayMarketplace.EBAY_US);
        BigDecimal gb = median(EbayMarketplace.EBAY_GB);

        // pounds are worth more than dollars, so the same shoes cost fewer of them
        assertThat(gb).isLessThan(us);
        assertThat(gb).isGreaterThan(us.multiply(new BigDecimal("0.6")));
    }

    @Test
    void pricesHoldWithinABucketDriftInTheNextAndMatchAcrossInstances() {
        List<Listing> listings = catalog.listings(EbayMarketplace.EBAY_US);
        List<Priced> first = listings.stream().map(pricing::price).toList();

        assertThat(listings.stream()
                        .map(pricing(new MovableClock(START))::price)
                        .toList())
                .isEqualTo(first);
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(listings.stream().map(l -> pricing.price(l).price()).toList())
                .isEqualTo(first.stream().map(Priced::price).toList());
        clock.advance(Duration.ofMillis(1));
        List<BigDecimal> next =
                listings.stream().map(l -> pricing.price(l).price()).toList();
        long changed = 0;
        for (int i = 0; i < first.size(); i++) {
            changed += first.get(i).price().equals(next.get(i)) ? 0 : 1;
        }
        assertThat(changed).isGreaterThan(first.size() / 2);
    }

    private List<Listing> panda(EbayMarketplace marketplace) {
        return catalog.listings(marketplace).stream()
                .filter(l -> l.product().code().equals("DD1391-100"))
                .toList();
    }

    private BigDecimal median(EbayMarketplace marketplace) {
        List<BigDecimal> prices = catalog.listings(marketplace).stream()
                .filter(l -> l.kind() == Kind.GENUINE && !l.crossBorder())
                .map(l -> pricing.price(l).price())
                .sorted()
                .toList();
        return prices.get(prices.size() / 2);
    }
}
