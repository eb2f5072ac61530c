package com.marketsync.sim.ebay;

import com.marketsync.sim.CatalogCsv;
import com.marketsync.sim.SizeRun;
import com.marketsync.sim.StableHash;
import com.marketsync.sim.StyleCodes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The simulated eBay's listings: for every shoe and marketplace a deterministic set of listings with the style code
 * and size in the title, mixed with the noise a real search returns (titles without the code, used pairs, shoes
 * without box, auctions) that a correct client must drop.
 */
@Component
class EbayCatalog {

    static final String RESOURCE = "/ebay/catalog.csv";
    static final int TITLE_LIMIT = 80;

    private static final Logger log = LoggerFactory.getLogger(EbayCatalog.class);
    private static final Instant LISTED_FROM = Instant.parse("2025-06-01T00:00:00Z");

    private final List<Product> products;
    private final Map<EbayMarketplace, List<Listing>> listings = new EnumMap<>(EbayMarketplace.class);

    EbayCatalog() {
        this(CatalogCsv.read(
                RESOURCE, 5, f -> new Product(f[0], f[1], f[2], SizeRun.forGender(f[3]), Integer.parseInt(f[4]))));
    }

    EbayCatalog(List<Product> products) {
        this.products = List.copyOf(products);
        Set<String> legacyIds = new HashSet<>();
        for (EbayMarketplace marketplace : EbayMarketplace.values()) {
            List<Listing> onMarketplace = new ArrayList<>();
            for (Product product : products) {
                onMarketplace.addAll(listingsOf(product, marketplace, legacyIds));
            }
            listings.put(marketplace, List.copyOf(onMarketplace));
        }
        log.info("eBay catalog loaded with {} shoes and {} listings", products.size(), legacyIds.size());
    }

    /** The eBay category a shoe is listed in, with its parents, leaf first. */
    enum Category {
        MEN(
                "Men's",
                List.of(
                        new EbayResponses.Category("15709", "Athletic Shoes"),
                        new EbayResponses.Category("93427", "Men's Shoes"),
                        new EbayResponses.Category("11450", "Clothing, Shoes & Accessories"))),
        WOMEN(
                "Women's",
                List.of(
                        new EbayResponses.Category("95672", "Athletic Shoes"),
                        new EbayResponses.Category("3034", "Women's Shoes"),
                        new EbayResponses.Category("11450", "Clothing, Shoes & Accessories"))),
        YOUTH(
                "GS",
                List.of(
                        new EbayResponses.Category("57929", "Boys' Shoes"),
                        new EbayResponses.Category("171146", "Kids"),
                        new EbayResponses.Category("11450", "Clothing, Shoes & Accessories")));

        private final String audience;
        private final List<EbayResponses.Category> path;

        Category(String audience, List<EbayResponses.Category> path) {
            this.audience = audience;
            this.path = path;
        }

        static Category of(SizeRun sizeRun) {
            return switch (sizeRun) {
                case MEN -> MEN;
                case WOMEN -> WOMEN;
                case YOUTH -> YOUTH;
            };
        }

        String leafId() {
            return path.getFirst().categoryId();
        }

        List<EbayResponses.Category> path() {
            return path;
        }

        boolean within(String categoryId) {
            return path.stream().anyMatch(c -> c.categoryId().equals(categoryId));
        }
    }

    /** One shoe as sellers describe it. */
    record Product(String code, String title, String brand, SizeRun sizeRun, int retailUsd) {

        /** The style code in comparison form, {@code DD1391100}. */
        String normalisedCode() {
            return StyleCodes.normalise(code);
        }

        Category category() {
            return Category.of(sizeRun);
        }
    }

    /** What kind of listing it is, which decides its title, condition and buying options. */
    enum Kind {
        /** New in box, fixed price, style code and size in the title. */
        GENUINE,
        /** New, fixed price, but the seller left the style code out of the title. */
        NO_CODE,
        /** Pre-owned (conditionId 3000). */
        USED,
        /** New without box (conditionId 1500). */
        NO_BOX,
        /** An auction; its price is the starting bid. */
        AUCTION,
        /** An auction with Buy It Now and no bid yet; its price is the Buy It Now price. */
        AUCTION_BUY_IT_NOW
    }

    /** One listing's fixed facts; its prices depend on the time and come from {@link EbayPricing}. */
    record Listing(
            String legacyItemId,
            Product product,
            EbayMarketplace marketplace,
            EbayMarketplace sellerMarketplace,
            Kind kind,
            BigDecimal size,
            String title,
            boolean bestOffer,
            boolean freeShipping,
            String seller,
            int feedbackScore,
            String feedbackPercentage,
            String postalCode,
            Instant created) {

        String itemId() {
            return "v1|" + legacyItemId + "|0";
        }

        /** The size as StockX labels it, the key of the shared reference price. */
        String sizeLabel() {
            return product.sizeRun().label(size);
        }

        boolean crossBorder() {
            return sellerMarketplace != marketplace;
        }

        List<String> buyingOptions() {
            return switch (kind) {
                case AUCTION -> List.of("AUCTION");
                case AUCTION_BUY_IT_NOW -> List.of("AUCTION", "FIXED_PRICE");
                default -> bestOffer ? List.of("FIXED_PRICE", "BEST_OFFER") : List.of("FIXED_PRICE");
            };
        }

        String conditionId() {
            return switch (kind) {
                case USED -> "3000";
                case NO_BOX -> "1500";
                default -> "1000";
            };
        }

        String condition() {
            return switch (kind) {
                case USED -> "Pre-owned";
                case NO_BOX -> "New without box";
                default -> "New with box";
            };
        }

        /** Normalised words of the title, what a keyword must equal to match. */
        Set<String> titleTokens() {
            Set<String> tokens = new HashSet<>();
            for (String word : title.split("\\s+")) {
                tokens.add(StyleCodes.normalise(word));
            }
            return tokens;
        }
    }

    List<Product> products() {
        return products;
    }

    List<Listing> listings(EbayMarketplace marketplace) {
        return listings.get(marketplace);
    }

    /** Products whose style code is exactly the normalised code. */
    List<Product> withCode(String normalisedCode) {
        return products.stream()
                .filter(p -> p.normalisedCode().equals(normalisedCode))
                .toList();
    }

    private static List<Listing> listingsOf(Product product, EbayMarketplace marketplace, Set<String> legacyIds) {
        String code = product.code();
        int count = 6 + StableHash.bounded(9, "ebay-count", code, marketplace);
        List<Listing> result = new ArrayList<>();
        List<BigDecimal> sizes = product.sizeRun().sizes();
        for (int i = 0; i < count; i++) {
            // the first two are always plain new Buy It Now listings, so every shoe has a price on every marketplace
            Kind kind = i < 2 ? Kind.GENUINE : kind(StableHash.bounded(100, "ebay-kind", code, marketplace, i));
            BigDecimal size = sizes.get(StableHash.bounded(sizes.size(), "ebay-size", code, marketplace, i));
            boolean crossBorder = i >= 2 && StableHash.bounded(8, "ebay-abroad", code, marketplace, i) == 0;
            EbayMarketplace seller = crossBorder ? marketplace.crossBorderSource() : marketplace;
            String legacyId = legacyId(legacyIds, code, marketplace, i);
            int sellerNumber = StableHash.bounded(5000, "ebay-seller", code, marketplace, i);
            List<String> postalCodes = seller.postalCodes();
            Instant created =
                    LISTED_FROM.plus(Duration.ofSeconds(StableHash.bounded(180 * 24 * 3600, "ebay-created", legacyId)));
            result.add(new Listing(
                    legacyId,
                    product,
                    marketplace,
                    seller,
                    kind,
                    size,
                    title(product, kind, size, StableHash.bounded(10, "ebay-title", legacyId)),
                    StableHash.bounded(10, "ebay-best-offer", legacyId) < 3,
                    StableHash.bounded(2, "ebay-free-shipping", legacyId) == 0,
                    SELLER_NAMES.get(sellerNumber % SELLER_NAMES.size()) + "_" + sellerNumber,
                    10 + StableHash.bounded(25_000, "ebay-feedback", sellerNumber),
                    "9" + (7 + StableHash.bounded(3, "ebay-percent", sellerNumber)) + "."
                            + StableHash.bounded(10, "ebay-tenth", sellerNumber),
                    postalCodes.get(StableHash.bounded(postalCodes.size(), "ebay-postal", legacyId)),
                    created));
        }
        return result;
    }

    // Nike's conversions: a men's size is a women's size 1.5 larger, a grade-school size the same women's one.
    private static final BigDecimal WOMENS_OFFSET = new BigDecimal("1.5");

    /** The same pair in the size system sellers most often add: women's for men's and GS pairs, men's for women's. */
    static String inOtherSystem(SizeRun sizeRun, BigDecimal size) {
        return switch (sizeRun) {
            case MEN, YOUTH -> "Women's " + SizeRun.plain(size.add(WOMENS_OFFSET));
            case WOMEN -> "Men's " + SizeRun.plain(size.subtract(WOMENS_OFFSET));
        };
    }

    private static final List<String> SELLER_NAMES =
            List.of("kicksvault", "solecollector", "sneakerstash", "hypeden", "grailhunter", "laceupdeals");

    private static Kind kind(int roll) {
        if (roll < 60) {
            return Kind.GENUINE;
        } else if (roll < 70) {
            return Kind.NO_CODE;
        } else if (roll < 79) {
            return Kind.USED;
        } else if (roll < 85) {
            return Kind.NO_BOX;
        } else if (roll < 94) {
            return Kind.AUCTION;
        }
        return Kind.AUCTION_BUY_IT_NOW;
    }

    private static String legacyId(Set<String> taken, String code, EbayMarketplace marketplace, int index) {
        for (int salt = 0; ; salt++) {
            long number = Math.floorMod(StableHash.of("ebay-item", code, marketplace, index, salt), 100_000_000_000L);
            String id = String.format(Locale.ROOT, "%d%011d", 1 + salt % 3, number);
            if (taken.add(id)) {
                return id;
            }
        }
    }

    /**
     * A seller's title: the shoe, the style code (in one of the ways sellers write it) and the size, in 80 chars.
     * Sellers label the size with its audience ("Women's Size 8", "GS Size 5.5Y"), but now and then leave the label out
     * in the women's category ("Size 8"), say "Big Kids'" for grade school, or give the pair in a second size system
     * too ("Women's Size 8 / Men's 6.5"), which a client must not read as the listing's size.
     */
    static String title(Product product, Kind kind, BigDecimal size, int variant) {
        String sizeText = product.sizeRun() == SizeRun.YOUTH ? SizeRun.plain(size) + "Y" : SizeRun.plain(size);
        String sizePart = product.category().audience + " Size " + sizeText;
        if (kind == Kind.GENUINE && variant == 7) {
            sizePart = switch (product.sizeRun()) {
                case MEN -> sizePart;
                case WOMEN -> "Size " + sizeText;
                case YOUTH -> "Big Kids' Size " + sizeText;
            };
        } else if (kind == Kind.GENUINE && variant == 9) {
            sizePart += " / " + inOtherSystem(product.sizeRun(), size);
        }
        String code =
                switch (variant) {
                    case 4 -> product.code().replace('-', ' ');
                    case 5 -> product.code().replace("-", "");
                    default -> product.code();
                };
        List<String> tail =
                switch (kind) {
                    case NO_CODE -> List.of(sizePart, "Brand New");
                    case USED -> List.of(code, sizePart, variant % 2 == 0 ? "Used" : "Pre-Owned");
                    case NO_BOX -> List.of(code, sizePart, "No Box");
                    case AUCTION, AUCTION_BUY_IT_NOW -> List.of(code, sizePart, "No Reserve");
                    case GENUINE ->
                        switch (variant % 3) {
                            case 0 -> List.of(code, sizePart);
                            case 1 -> List.of(sizePart, code, "Brand New");
                            default -> List.of("Size " + sizeText, product.category().audience, code);
                        };
                };
        String end = String.join(" ", tail);
        List<String> words = new ArrayList<>(Arrays.asList(product.title().split("\\s+")));
        // sellers shorten the shoe's name, never the code or the size, to fit eBay's 80 characters
        while (words.size() > 2 && String.join(" ", words).length() + 1 + end.length() > TITLE_LIMIT) {
            words.removeLast();
        }
        return String.join(" ", words) + " " + end;
    }
}
