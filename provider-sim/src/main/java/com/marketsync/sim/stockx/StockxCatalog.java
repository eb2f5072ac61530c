package com.marketsync.sim.stockx;

import com.marketsync.sim.CatalogCsv;
import com.marketsync.sim.StableHash;
import com.marketsync.sim.StyleCodes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * StockX's simulated product catalogue: products with deterministic ids, their size variants, and a fuzzy search
 * that, like the real one, returns neighbours of the product asked for.
 */
@Component
class StockxCatalog {

    static final String RESOURCE = "/stockx/catalog.csv";

    private static final Logger log = LoggerFactory.getLogger(StockxCatalog.class);
    private static final Pattern PARENTHETICAL = Pattern.compile("\\([^)]*\\)");
    private static final Pattern AUDIENCE_SUFFIX = Pattern.compile("\\s*\\((GS|Women's|Kids|PS|TD)\\)\\s*$");
    private static final Comparator<Product> SEARCH_ORDER =
            Comparator.comparing(Product::title).thenComparing(Product::styleId);

    private final List<Product> products;
    private final Map<String, Product> byProductId;
    private final Map<String, Variant> byVariantId;

    StockxCatalog() {
        this(CatalogCsv.read(
                RESOURCE,
                7,
                f -> Product.of(f[0], f[1], f[2], f[3], LocalDate.parse(f[4]), Integer.parseInt(f[5]), f[6])));
    }

    StockxCatalog(List<Product> products) {
        this.products = List.copyOf(products);
        this.byProductId = products.stream()
                .collect(Collectors.toMap(p -> p.productId().toString(), Function.identity(), (a, b) -> {
                    throw new IllegalStateException("duplicate productId for " + a.styleId() + " and " + b.styleId());
                }));
        this.byVariantId = new LinkedHashMap<>();
        products.forEach(
                p -> p.variants().forEach(v -> byVariantId.put(v.variantId().toString(), v)));
        log.info("StockX catalog loaded with {} products and {} variants", products.size(), byVariantId.size());
    }

    List<Product> all() {
        return products;
    }

    Optional<Product> product(String productId) {
        return Optional.ofNullable(byProductId.get(productId.toLowerCase(Locale.ROOT)));
    }

    Optional<Variant> variant(String variantId) {
        return Optional.ofNullable(byVariantId.get(variantId.toLowerCase(Locale.ROOT)));
    }

    /**
     * Fuzzy search as StockX answers it: exact style-code hits plus other colourways of the same model, the
     * women's/GS/kids versions of a hit, and keyword matches on title words, ordered by title rather than relevance.
     */
    List<Product> search(String query) {
        String code = StyleCodes.normalise(query);
        List<String> words = Arrays.stream(query.trim().split("\\s+"))
                .map(w -> StyleCodes.normalise(w).toLowerCase(Locale.ROOT))
                .filter(w -> !w.isEmpty())
                .toList();
        if (code.isEmpty()) {
            return List.of();
        }
        Set<String> exactFamilies = new HashSet<>();
        for (Product p : products) {
            if (p.styleCodes().contains(code)) {
                exactFamilies.add(p.family());
            }
        }
        Optional<String> prefix = StyleCodes.modelPrefix(code);
        return products.stream()
                .filter(p -> p.styleCodes().contains(code)
                        || exactFamilies.contains(p.family())
                        || prefix.isPresent() && p.modelPrefixes().contains(prefix.get())
                        || p.matchesAllWords(words))
                .sorted(SEARCH_ORDER)
                .toList();
    }

    /** Comparable segments of a StockX styleId: split on '/', parentheticals dropped, normalised. */
    static List<String> styleCodes(String styleId) {
        return Arrays.stream(styleId.split("/"))
                .map(segment ->
                        StyleCodes.normalise(PARENTHETICAL.matcher(segment).replaceAll("")))
                .filter(segment -> !segment.isEmpty())
                .toList();
    }

    /** One StockX product and the facts the simulator derives from it. */
    record Product(
            UUID productId,
            String styleId,
            String title,
            String brand,
            String gender,
            LocalDate releaseDate,
            int retailPrice,
            String colorway,
            SizeSystem sizeSystem,
            List<String> styleCodes,
            List<Variant> variants) {

        static Product of(
                String styleId,
                String title,
                String brand,
                String gender,
                LocalDate releaseDate,
                int retailPrice,
                String colorway) {
            UUID productId = uuid("stockx:product:" + styleId);
            SizeSystem sizes = SizeSystem.forGender(gender);
            List<Variant> variants = new ArrayList<>();
            for (int i = 0; i < sizes.count(); i++) {
                variants.add(Variant.of(productId, styleId, StockxCatalog.urlKey(title), sizes, i));
            }
            return new Product(
                    productId,
                    styleId,
                    title,
                    brand,
                    gender,
                    releaseDate,
                    retailPrice,
                    colorway,
                    sizes,
                    StockxCatalog.styleCodes(styleId),
                    List.copyOf(variants));
        }

        String urlKey() {
            return StockxCatalog.urlKey(title);
        }

        /** The title without the audience suffix, shared by a shoe's men's, women's and GS versions. */
        String family() {
            return AUDIENCE_SUFFIX.matcher(title).replaceAll("");
        }

        List<String> modelPrefixes() {
            return styleCodes.stream()
                    .flatMap(c -> StyleCodes.modelPrefix(c).stream())
                    .toList();
        }

        boolean matchesAllWords(List<String> words) {
            if (words.isEmpty()) {
                return false;
            }
            List<String> haystack = new ArrayList<>();
            for (String w : title.split("\\s+")) {
                haystack.add(StyleCodes.normalise(w).toLowerCase(Locale.ROOT));
            }
            styleCodes.forEach(c -> haystack.add(c.toLowerCase(Locale.ROOT)));
            return words.stream().allMatch(w -> haystack.stream().anyMatch(h -> h.startsWith(w)));
        }
    }

    /** One size of a product. */
    record Variant(
            UUID productId,
            UUID variantId,
            String styleId,
            String variantName,
            String variantValue,
            SizeSystem sizeSystem,
            int sizeIndex,
            String upc,
            boolean flexEligible,
            boolean directEligible) {

        static Variant of(UUID productId, String styleId, String urlKey, SizeSystem sizes, int index) {
            String value = sizes.label(index);
            return new Variant(
                    productId,
                    uuid("stockx:variant:" + styleId + ":" + value),
                    styleId,
                    urlKey + ":" + value,
                    value,
                    sizes,
                    index,
                    StockxCatalog.upc(styleId, value),
                    StableHash.bounded(10, "flex", styleId, value) < 8,
                    StableHash.bounded(10, "direct", styleId, value) == 0);
        }
    }

    /** The size runs StockX shows for men's, women's and grade-school shoes, with their UK/EU/cm conversions. */
    enum SizeSystem {
        MEN(
                "us m",
                "",
                "7",
                new String[] {"40", "40.5", "41", "42", "42.5", "43", "44", "44.5", "45", "45.5", "46", "47", "47.5"},
                "1",
                "25"),
        WOMEN(
                "us w",
                "W",
                "5",
                new String[] {
                    "35.5", "36", "36.5", "37.5", "38", "38.5", "39", "40", "40.5", "41", "42", "42.5", "43", "44",
                    "44.5"
                },
                "2.5",
                "22"),
        YOUTH("us y", "Y", "3.5", new String[] {"35.5", "36", "36.5", "37.5", "38", "38.5", "39", "40"}, "0.5", "22.5");

        private static final BigDecimal HALF = new BigDecimal("0.5");

        private final String type;
        private final String suffix;
        private final BigDecimal smallest;
        private final String[] eu;
        private final BigDecimal ukOffset;
        private final BigDecimal smallestCm;

        SizeSystem(String type, String suffix, String smallest, String[] eu, String ukOffset, String smallestCm) {
            this.type = type;
            this.suffix = suffix;
            this.smallest = new BigDecimal(smallest);
            this.eu = eu;
            this.ukOffset = new BigDecimal(ukOffset);
            this.smallestCm = new BigDecimal(smallestCm);
        }

        static SizeSystem forGender(String gender) {
            return switch (gender) {
                case "women" -> WOMEN;
                case "child" -> YOUTH;
                case "men", "unisex" -> MEN;
                default -> throw new IllegalArgumentException("unknown gender " + gender);
            };
        }

        String type() {
            return type;
        }

        int count() {
            return eu.length;
        }

        BigDecimal usSize(int index) {
            return smallest.add(HALF.multiply(BigDecimal.valueOf(index)));
        }

        String label(int index) {
            return plain(usSize(index)) + suffix;
        }

        String uk(int index) {
            return "UK " + plain(usSize(index).subtract(ukOffset));
        }

        String eu(int index) {
            return "EU " + eu[index];
        }

        String cm(int index) {
            return plain(smallestCm.add(HALF.multiply(BigDecimal.valueOf(index)))) + " cm";
        }

        private static String plain(BigDecimal value) {
            return value.stripTrailingZeros().toPlainString();
        }
    }

    static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    static String urlKey(String title) {
        return title.toLowerCase(Locale.ROOT)
                .replace("'", "")
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
    }

    /** A stable 12-digit UPC-A with a valid check digit. */
    static String upc(String styleId, String size) {
        String body = "19" + String.format("%09d", Math.floorMod(StableHash.of("upc", styleId, size), 1_000_000_000L));
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int digit = body.charAt(i) - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }
        return body + (10 - sum % 10) % 10;
    }
}
