package com.marketsync.sim.ebay;

import com.marketsync.sim.ReferencePrice;
import com.marketsync.sim.StableHash;
import com.marketsync.sim.ebay.EbayCatalog.Listing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Simulated eBay listing prices: a seller's ask around the shoe's market value in the marketplace currency, fixed
 * within a time bucket and drifting from one to the next; foreign sellers' prices are converted, as eBay does.
 */
@Component
class EbayPricing {

    private static final BigDecimal[] ENDINGS = {
        new BigDecimal("0.00"), new BigDecimal("0.99"), new BigDecimal("0.95"), new BigDecimal("0.50")
    };
    private static final BigDecimal[] STARTING_BIDS = {
        new BigDecimal("0.99"), new BigDecimal("1.00"), new BigDecimal("9.99"), new BigDecimal("49.99")
    };

    private final Clock clock;
    private final long bucketMillis;

    EbayPricing(Clock clock, EbaySimProperties properties) {
        this.clock = clock;
        this.bucketMillis = properties.priceBucket().toMillis();
    }

    /**
     * A listing's prices now, all in the marketplace currency.
     *
     * @param price what eBay shows as {@code price}: the Buy It Now price, or an auction's starting bid
     * @param originalPrice the seller's own price in the seller's currency when eBay converted it, else null
     * @param shipping the cheapest shipping cost, zero for free shipping
     * @param currentBid an auction's current bid, else null
     * @param bidCount an auction's bids so far, else null
     * @param auctionEnd when an auction ends, else null
     */
    record Priced(
            BigDecimal price,
            BigDecimal originalPrice,
            BigDecimal shipping,
            BigDecimal currentBid,
            Integer bidCount,
            Instant auctionEnd) {}

    Priced price(Listing listing) {
        long bucket = Math.floorDiv(clock.millis(), bucketMillis);
        EbayMarketplace market = listing.marketplace();
        EbayMarketplace seller = listing.sellerMarketplace();
        String id = listing.legacyItemId();

        BigDecimal valueUsd = marketValueUsd(listing, bucket);
        BigDecimal sellerPrice = sellerPrice(valueUsd.multiply(seller.perUsd()), id);
        BigDecimal price = convert(sellerPrice, seller, market);
        BigDecimal original = listing.crossBorder() ? sellerPrice : null;
        BigDecimal shipping = shipping(listing);

        return switch (listing.kind()) {
            case AUCTION -> {
                BigDecimal start = startingBid(valueUsd.multiply(market.perUsd()), id);
                int bids = StableHash.bounded(9, "ebay-bids", id, bucket);
                // bids climb towards the pair's value as the auction goes on
                BigDecimal current = bids == 0
                        ? start
                        : price.multiply(BigDecimal.valueOf(30 + 7L * bids, 2))
                                .setScale(2, RoundingMode.HALF_UP)
                                .max(start);
                yield new Priced(start, null, shipping, current, bids, auctionEnd(id));
            }
            case AUCTION_BUY_IT_NOW -> {
                BigDecimal start = startingBid(valueUsd.multiply(market.perUsd()), id);
                yield new Priced(price, original, shipping, start, 0, auctionEnd(id));
            }
            default -> new Priced(price, original, shipping, null, null, null);
        };
    }

    /** What the pair is worth on this marketplace now, in US dollars, given its condition and the seller's greed. */
    private static BigDecimal marketValueUsd(Listing listing, long bucket) {
        String code = listing.product().code();
        String size = listing.sizeLabel();
        EbayMarketplace market = listing.marketplace();
        BigDecimal marketFactor = market == EbayMarketplace.EBAY_US
                ? BigDecimal.ONE
                : ReferencePrice.factor(96, 112, "ebay-market", code, market);
        BigDecimal condition =
                switch (listing.kind()) {
                    case USED -> ReferencePrice.factor(55, 80, "ebay-used", listing.legacyItemId());
                    case NO_BOX -> ReferencePrice.factor(85, 95, "ebay-no-box", listing.legacyItemId());
                    default -> BigDecimal.ONE;
                };
        return ReferencePrice.usd(code, listing.product().retailUsd(), size)
                .multiply(marketFactor)
                .multiply(ReferencePrice.factor(96, 104, "ebay-drift", code, market, size, bucket))
                .multiply(ReferencePrice.factor(98, 125, "ebay-spread", listing.legacyItemId()))
                .multiply(ReferencePrice.factor(99, 101, "ebay-jitter", listing.legacyItemId(), bucket))
                .multiply(condition);
    }

    /** Whole units plus one of the endings sellers like ({@code .00}, {@code .99}, …). */
    private static BigDecimal sellerPrice(BigDecimal amount, String id) {
        BigDecimal ending = ENDINGS[StableHash.bounded(ENDINGS.length, "ebay-ending", id)];
        return amount.setScale(0, RoundingMode.DOWN).add(ending).max(BigDecimal.ONE.setScale(2));
    }

    private static BigDecimal convert(BigDecimal amount, EbayMarketplace from, EbayMarketplace to) {
        if (from == to) {
            return amount;
        }
        return amount.divide(from.perUsd(), 10, RoundingMode.HALF_UP)
                .multiply(to.perUsd())
                .setScale(2, RoundingMode.HALF_UP);
    }

    /** Shipping in the marketplace currency: free, or a flat rate that is higher for a parcel from abroad. */
    private static BigDecimal shipping(Listing listing) {
        if (listing.freeShipping()) {
            return BigDecimal.ZERO.setScale(2);
        }
        int low = listing.crossBorder() ? 18 : 6;
        int units = low + StableHash.bounded(low + 1, "ebay-shipping", listing.legacyItemId());
        return BigDecimal.valueOf(units).add(new BigDecimal("0.99"));
    }

    private static BigDecimal startingBid(BigDecimal value, String id) {
        int pick = StableHash.bounded(STARTING_BIDS.length + 1, "ebay-start", id);
        if (pick < STARTING_BIDS.length) {
            return STARTING_BIDS[pick];
        }
        return value.multiply(new BigDecimal("0.40"))
                .setScale(0, RoundingMode.DOWN)
                .setScale(2);
    }

    /** Auctions run for a week and are relisted when they end, so an end time holds still until it passes. */
    private Instant auctionEnd(String id) {
        long week = Duration.ofDays(7).toMillis();
        long offset = StableHash.bounded((int) week, "ebay-ends", id);
        long cycle = Math.floorDiv(clock.millis() - offset, week) + 1;
        return Instant.ofEpochMilli(cycle * week + offset);
    }
}
