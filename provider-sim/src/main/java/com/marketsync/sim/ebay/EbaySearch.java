package com.marketsync.sim.ebay;

import com.marketsync.sim.SizeRun;
import com.marketsync.sim.StableHash;
import com.marketsync.sim.StyleCodes;
import com.marketsync.sim.ebay.EbayCatalog.Listing;
import com.marketsync.sim.ebay.EbayCatalog.Product;
import com.marketsync.sim.ebay.EbayPricing.Priced;
import com.marketsync.sim.ebay.EbayResponses.ErrorDetail;
import com.marketsync.sim.ebay.EbayResponses.ErrorParameter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Browse {@code item_summary/search} request taken apart the way eBay reads it: keywords (space = AND, {@code (a, b)}
 * = OR, style codes matched fuzzily), category, aspects, filters and sort; the parts eBay would ignore become warnings.
 */
final class EbaySearch {

    /** Result orders eBay offers; best match is eBay's own relevance order. */
    enum Sort {
        BEST_MATCH,
        PRICE,
        PRICE_DESCENDING,
        NEWLY_LISTED,
        ENDING_SOONEST
    }

    /** One keyword in comparison form; a style-code-like one also matches related shoes, as eBay's search does. */
    private record Term(String text, boolean codeLike, Optional<String> modelPrefix, Set<String> families) {

        boolean matches(Listing listing, Set<String> titleTokens) {
            if (titleTokens.contains(text)) {
                return true;
            }
            if (!codeLike) {
                return false;
            }
            Product product = listing.product();
            String code = product.normalisedCode();
            // the style code is an item specific, so it matches even when the title leaves it out
            return code.startsWith(text)
                    || modelPrefix.isPresent() && modelPrefix.equals(StyleCodes.modelPrefix(code))
                    || families.contains(product.title());
        }
    }

    private static final Pattern PRICE_RANGE =
            Pattern.compile("\\[\\s*([0-9]+(?:\\.[0-9]+)?)?\\s*(\\.\\.)?\\s*([0-9]+(?:\\.[0-9]+)?)?\\s*]");
    private static final Pattern SET = Pattern.compile("\\{(.*)}");
    private static final Set<String> BUYING_OPTIONS = Set.of("FIXED_PRICE", "AUCTION", "BEST_OFFER", "CLASSIFIED_AD");
    private static final Set<String> CURRENCIES = Set.of("USD", "GBP", "EUR");

    /** AND over groups; a group is an OR of alternatives; an alternative is an AND of terms. */
    private final List<List<List<Term>>> keywords;

    private final Set<String> categoryIds;
    private final Map<String, Set<String>> aspects;
    private final Set<String> conditionIds;
    private final Set<String> buyingOptions;
    private final BigDecimal minPrice;
    private final BigDecimal maxPrice;
    private final Set<String> locationCountries;
    private final Sort sort;
    private final List<ErrorDetail> warnings;

    private EbaySearch(Builder b) {
        this.keywords = b.keywords;
        this.categoryIds = b.categoryIds;
        this.aspects = b.aspects;
        this.conditionIds = b.conditionIds;
        this.buyingOptions = b.buyingOptions;
        this.minPrice = b.minPrice;
        this.maxPrice = b.maxPrice;
        this.locationCountries = b.locationCountries;
        this.sort = b.sort;
        this.warnings = List.copyOf(b.warnings);
    }

    /** Warnings for the parts of the request that were ignored, as eBay sends them with a 200. */
    List<ErrorDetail> warnings() {
        return warnings;
    }

    Sort sort() {
        return sort;
    }

    static EbaySearch parse(
            String q,
            String categoryIdsParam,
            String aspectFilter,
            String filter,
            String sortParam,
            EbayMarketplace marketplace,
            EbayCatalog catalog) {
        Builder b = new Builder();
        b.keywords = keywords(q, catalog);
        b.categoryIds = categoryIds(categoryIdsParam, b);
        if (!b.categoryIds.isEmpty()) {
            // eBay silently ignores aspect_filter unless category_ids is given too
            b.aspects = aspects(aspectFilter, b);
        }
        filters(filter, marketplace, b);
        b.sort = sort(sortParam, b);
        return new EbaySearch(b);
    }

    boolean matches(Listing listing, Priced priced) {
        Set<String> tokens = listing.titleTokens();
        for (List<List<Term>> group : keywords) {
            if (group.stream()
                    .noneMatch(alternative -> alternative.stream().allMatch(t -> t.matches(listing, tokens)))) {
                return false;
            }
        }
        EbayCatalog.Category category = listing.product().category();
        if (!categoryIds.isEmpty() && categoryIds.stream().noneMatch(category::within)) {
            return false;
        }
        for (Map.Entry<String, Set<String>> aspect : aspects.entrySet()) {
            Optional<String> value = aspectValue(listing, aspect.getKey());
            if (value.isEmpty()
                    || aspect.getValue().stream().noneMatch(v -> sameAspectValue(aspect.getKey(), v, value.get()))) {
                return false;
            }
        }
        if (!conditionIds.isEmpty() && !conditionIds.contains(listing.conditionId())) {
            return false;
        }
        if (listing.buyingOptions().stream().noneMatch(buyingOptions::contains)) {
            return false;
        }
        if (minPrice != null && priced.price().compareTo(minPrice) < 0
                || maxPrice != null && priced.price().compareTo(maxPrice) > 0) {
            return false;
        }
        return locationCountries.isEmpty()
                || locationCountries.contains(listing.sellerMarketplace().country());
    }

    Comparator<Map.Entry<Listing, Priced>> order() {
        Comparator<Map.Entry<Listing, Priced>> byId =
                Comparator.comparing(e -> e.getKey().legacyItemId());
        Comparator<Map.Entry<Listing, Priced>> byTotal =
                Comparator.comparing(e -> e.getValue().price().add(e.getValue().shipping()));
        return switch (sort) {
            case BEST_MATCH ->
                Comparator.<Map.Entry<Listing, Priced>>comparingLong(
                                e -> StableHash.of("ebay-best-match", e.getKey().legacyItemId()))
                        .thenComparing(byId);
            case PRICE -> byTotal.thenComparing(byId);
            case PRICE_DESCENDING -> byTotal.reversed().thenComparing(byId);
            case NEWLY_LISTED ->
                Comparator.<Map.Entry<Listing, Priced>, Instant>comparing(e -> listedAt(e.getKey(), e.getValue()))
                        .reversed()
                        .thenComparing(byId);
            case ENDING_SOONEST ->
                Comparator.<Map.Entry<Listing, Priced>, Instant>comparing(
                                e -> e.getValue().auctionEnd() == null
                                        ? Instant.MAX
                                        : e.getValue().auctionEnd())
                        .thenComparing(byId);
        };
    }

    /** When the listing went live: a week before an auction ends, else its fixed creation time. */
    static Instant listedAt(Listing listing, Priced priced) {
        return priced.auctionEnd() != null ? priced.auctionEnd().minus(Duration.ofDays(7)) : listing.created();
    }

    private static List<List<List<Term>>> keywords(String q, EbayCatalog catalog) {
        List<List<List<Term>>> groups = new ArrayList<>();
        if (q == null) {
            return groups;
        }
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                int close = q.indexOf(')', i);
                String inside = q.substring(i + 1, close < 0 ? q.length() : close);
                List<List<Term>> alternatives = new ArrayList<>();
                for (String alternative : inside.split(",")) {
                    List<Term> terms = terms(alternative, catalog);
                    if (!terms.isEmpty()) {
                        alternatives.add(terms);
                    }
                }
                if (!alternatives.isEmpty()) {
                    groups.add(alternatives);
                }
                i = close < 0 ? q.length() : close + 1;
            } else {
                int end = i;
                while (end < q.length() && !Character.isWhitespace(q.charAt(end)) && q.charAt(end) != '(') {
                    end++;
                }
                List<Term> terms = terms(q.substring(i, end), catalog);
                if (!terms.isEmpty()) {
                    groups.add(List.of(terms));
                }
                i = end;
            }
        }
        return groups;
    }

    private static List<Term> terms(String words, EbayCatalog catalog) {
        List<Term> terms = new ArrayList<>();
        for (String word : words.trim().split("\\s+")) {
            String text = StyleCodes.normalise(word);
            if (text.isEmpty()) {
                continue;
            }
            boolean codeLike = text.length() >= 6 && text.chars().anyMatch(Character::isDigit);
            Set<String> families = codeLike
                    ? catalog.withCode(text).stream().map(Product::title).collect(Collectors.toSet())
                    : Set.of();
            terms.add(new Term(text, codeLike, codeLike ? StyleCodes.modelPrefix(text) : Optional.empty(), families));
        }
        return terms;
    }

    private static Set<String> categoryIds(String param, Builder b) {
        if (param == null || param.isBlank()) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (String id : param.split(",")) {
            if (!id.trim().matches("[0-9]+")) {
                b.warnings.add(warning(12009, "The 'category_ids' query parameter is invalid.", "category_ids", param));
                return Set.of();
            }
            ids.add(id.trim());
        }
        return ids;
    }

    private static Map<String, Set<String>> aspects(String aspectFilter, Builder b) {
        if (aspectFilter == null || aspectFilter.isBlank()) {
            return Map.of();
        }
        List<String> parts = topLevelSplit(aspectFilter);
        if (parts.isEmpty() || !parts.getFirst().trim().startsWith("categoryId:")) {
            b.warnings.add(warning(
                    12017,
                    "The 'aspect_filter' query parameter must include a categoryId. For information, see the API call"
                            + " reference documentation.",
                    "aspect_filter",
                    aspectFilter));
            return Map.of();
        }
        Map<String, Set<String>> aspects = new LinkedHashMap<>();
        for (String part : parts.subList(1, parts.size())) {
            int colon = part.indexOf(':');
            Matcher values =
                    colon < 0 ? null : SET.matcher(part.substring(colon + 1).trim());
            if (values == null || !values.matches() || values.group(1).isBlank()) {
                b.warnings.add(warning(
                        12018,
                        "The " + part + " aspect_filter value is invalid. For information, see the API call reference"
                                + " documentation.",
                        "aspect_filter",
                        aspectFilter));
                return Map.of();
            }
            Set<String> accepted = Arrays.stream(values.group(1).split("\\|"))
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .collect(Collectors.toSet());
            aspects.put(part.substring(0, colon).trim().toLowerCase(Locale.ROOT), accepted);
        }
        return aspects;
    }

    /** The listing's value of an item specific, as its seller filled it in; absent for aspects it does not have. */
    private static Optional<String> aspectValue(Listing listing, String aspect) {
        Product product = listing.product();
        return switch (aspect) {
            case "us shoe size" -> Optional.of(SizeRun.plain(listing.size()));
            case "brand" -> Optional.of(product.brand());
            case "style code" -> Optional.of(product.code());
            case "department" ->
                Optional.of(
                        switch (product.sizeRun()) {
                            case MEN -> "Men";
                            case WOMEN -> "Women";
                            case YOUTH -> "Boys";
                        });
            default -> Optional.empty();
        };
    }

    private static boolean sameAspectValue(String aspect, String wanted, String actual) {
        return switch (aspect) {
            case "us shoe size" -> sameNumber(wanted, actual);
            case "style code" -> StyleCodes.normalise(wanted).equals(StyleCodes.normalise(actual));
            default -> wanted.equalsIgnoreCase(actual);
        };
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void filters(String filter, EbayMarketplace marketplace, Builder b) {
        String priceValue = null;
        String priceCurrency = null;
        if (filter != null && !filter.isBlank()) {
            for (String part : topLevelSplit(filter)) {
                int colon = part.indexOf(':');
                String name = colon < 0 ? part.trim() : part.substring(0, colon).trim();
                String value = colon < 0 ? "" : part.substring(colon + 1).trim();
                boolean valid =
                        switch (name) {
                            case "conditionIds" -> setFilter(value, v -> v.matches("[0-9]+"), b.conditionIds);
                            case "conditions" -> conditions(value, b.conditionIds);
                            case "buyingOptions" -> buyingOptions(value, b);
                            case "itemLocationCountry" -> {
                                boolean ok = value.matches("[A-Z]{2}");
                                if (ok) {
                                    b.locationCountries.add(value);
                                }
                                yield ok;
                            }
                            case "price" -> {
                                priceValue = value;
                                yield PRICE_RANGE.matcher(value).matches();
                            }
                            case "priceCurrency" -> {
                                priceCurrency = value;
                                yield CURRENCIES.contains(value);
                            }
                            default -> false;
                        };
                if (!valid) {
                    b.warnings.add(warning(
                            12002,
                            "The " + name + " value is invalid. For the valid values, refer to the API call"
                                    + " documentation.",
                            "filterName",
                            name));
                    if (name.equals("price")) {
                        priceValue = null;
                    } else if (name.equals("priceCurrency")) {
                        priceCurrency = null;
                    }
                }
            }
        }
        if (b.buyingOptions.isEmpty()) {
            // by default eBay returns only listings that can be bought now
            b.buyingOptions.add("FIXED_PRICE");
        }
        if (priceValue != null || priceCurrency != null) {
            if (priceValue == null || priceCurrency == null || !priceRange(priceValue, priceCurrency, marketplace, b)) {
                b.warnings.add(warning(
                        12012,
                        "A valid 'price' filter and a valid 'priceCurrency' filter is necessary to filter based on"
                                + " price.",
                        "filterName",
                        "price"));
            }
        }
    }

    private static boolean setFilter(String value, Predicate<String> valid, Set<String> into) {
        Matcher m = SET.matcher(value);
        if (!m.matches() || m.group(1).isBlank()) {
            return false;
        }
        List<String> values =
                Arrays.stream(m.group(1).split("\\|")).map(String::trim).toList();
        if (!values.stream().allMatch(valid)) {
            return false;
        }
        into.addAll(values);
        return true;
    }

    private static boolean conditions(String value, Set<String> conditionIds) {
        Set<String> names = new HashSet<>();
        if (!setFilter(value, v -> v.equals("NEW") || v.equals("USED") || v.equals("UNSPECIFIED"), names)) {
            return false;
        }
        if (names.contains("NEW")) {
            conditionIds.addAll(List.of("1000", "1500", "1750"));
        }
        if (names.contains("USED")) {
            conditionIds.addAll(List.of("2750", "3000", "4000", "5000", "6000"));
        }
        return true;
    }

    private static boolean buyingOptions(String value, Builder b) {
        Set<String> options = new HashSet<>();
        if (!setFilter(value, BUYING_OPTIONS::contains, options)) {
            return false;
        }
        b.buyingOptions.addAll(options);
        return true;
    }

    /** Applies {@code [min..max]} given in {@code currency}, converted to the marketplace currency at fixed rates. */
    private static boolean priceRange(String value, String currency, EbayMarketplace marketplace, Builder b) {
        Matcher m = PRICE_RANGE.matcher(value);
        if (!m.matches()) {
            return false;
        }
        BigDecimal perUsd = Arrays.stream(EbayMarketplace.values())
                .filter(mp -> mp.currency().equals(currency))
                .findFirst()
                .orElseThrow()
                .perUsd();
        try {
            BigDecimal low = m.group(1) == null ? null : new BigDecimal(m.group(1));
            BigDecimal high;
            if (m.group(2) == null) {
                // [10] means 10 or more
                high = null;
            } else {
                high = m.group(3) == null ? null : new BigDecimal(m.group(3));
            }
            if (low == null && high == null) {
                return false;
            }
            b.minPrice = low == null ? null : convert(low, perUsd, marketplace);
            b.maxPrice = high == null ? null : convert(high, perUsd, marketplace);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static BigDecimal convert(BigDecimal amount, BigDecimal fromPerUsd, EbayMarketplace to) {
        return amount.divide(fromPerUsd, 10, RoundingMode.HALF_UP).multiply(to.perUsd());
    }

    private static Sort sort(String value, Builder b) {
        if (value == null || value.isBlank()) {
            return Sort.BEST_MATCH;
        }
        return switch (value.trim()) {
            case "price" -> Sort.PRICE;
            case "-price" -> Sort.PRICE_DESCENDING;
            case "newlyListed" -> Sort.NEWLY_LISTED;
            case "endingSoonest" -> Sort.ENDING_SOONEST;
            default -> {
                b.warnings.add(warning(
                        12008,
                        "The 'sort' value is invalid. For the valid values, refer to the API call documentation.",
                        "sort",
                        value));
                yield Sort.BEST_MATCH;
            }
        };
    }

    /** Splits on the commas that are not inside {@code {…}} or {@code […]}. */
    private static List<String> topLevelSplit(String value) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    private static ErrorDetail warning(int errorId, String message, String parameter, String value) {
        return new ErrorDetail(
                errorId, "API_BROWSE", "REQUEST", message, null, List.of(new ErrorParameter(parameter, value)));
    }

    /** The parsed request while it is being assembled. */
    private static final class Builder {
        List<List<List<Term>>> keywords = List.of();
        Set<String> categoryIds = Set.of();
        Map<String, Set<String>> aspects = Map.of();
        final Set<String> conditionIds = new HashSet<>();
        final Set<String> buyingOptions = new HashSet<>();
        BigDecimal minPrice;
        BigDecimal maxPrice;
        final Set<String> locationCountries = new HashSet<>();
        Sort sort = Sort.BEST_MATCH;
        final List<ErrorDetail> warnings = new ArrayList<>();
    }
}
