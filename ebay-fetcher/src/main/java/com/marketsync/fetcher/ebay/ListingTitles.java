package com.marketsync.fetcher.ebay;

import com.marketsync.events.SizeSystem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what eBay item summaries carry only in their free-text titles: whether the listing names our style code
 * exactly, and the one US size it is for, in men's, women's or grade-school sizing.
 *
 * <p>A size is only ever given the system its title (or, for a bare "Size 9", its category) says it is in: a women's
 * size is never read as a men's size or the reverse, and a title that leaves it open gives no size at all.
 */
final class ListingTitles {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Z0-9]+");
    private static final BigDecimal SMALLEST = BigDecimal.ONE;
    private static final BigDecimal LARGEST = BigDecimal.valueOf(22);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private static final String MENS = "men'?s|mens";
    private static final String WOMENS = "women'?s|womens|wmns|wms|ladies";
    private static final String YOUTH = "youth|gs";
    private static final String BIG_KIDS = "big\\s+kids?'?";
    private static final String LITTLE_KIDS = "(?<!big\\s)(?:kids?|kid's)|ps|td|toddler|preschool|infant|baby";
    // "Size 10.5", "Sz: US 10.5", "Size M 10", "US 10.5", "US M 10.5", "US W 8", "Men's 10.5", "Wmns US 8", "GS 5.5".
    private static final Pattern SIZE = Pattern.compile(
            "\\b(?:"
                    + "(?:sizes?|sz)\\.?\\s*:?\\s*(?:us\\s*)?(?<sizeClass>(?:" + MENS + "|" + WOMENS + "|m|w)\\s*)?"
                    + "|us\\s*(?<usClass>(?:" + MENS + "|" + WOMENS + "|m|w)\\s+|[mw](?=\\d))?"
                    + "|(?<leadClass>" + MENS + "|" + WOMENS + "|" + YOUTH + ")\\s+(?:us\\s*)?"
                    + ")(?<number>\\d{1,2}(?:\\.\\d)?)(?!\\.?\\d)",
            Pattern.CASE_INSENSITIVE);
    // Words right before a size that say whose it is: "Women's Size 8", "GS Size 6", "W 12", "Men's Size 10".
    private static final Map<SizeClass, Pattern> BEFORE = patterns(Map.of(
            SizeClass.MEN, "\\b(?:" + MENS + ")\\W*$",
            SizeClass.WOMEN, "\\b(?:" + WOMENS + "|w)\\W*$",
            SizeClass.YOUTH, "\\b(?:" + YOUTH + "|" + BIG_KIDS + ")\\W*$",
            SizeClass.LITTLE_KIDS, "\\b(?:" + LITTLE_KIDS + ")\\W*$"));
    // Right after the number: attached letters ("8W", "5.5Y", "10C", "10.5M", "27cm").
    private static final Pattern ATTACHED_SUFFIX = Pattern.compile("^(?<letters>[a-z]+)", Pattern.CASE_INSENSITIVE);
    // Right after the number, as a separate word: whose size it is, or another size system.
    private static final Pattern NEXT_WORD = Pattern.compile("^\\s+(?<word>[a-z']+)\\b", Pattern.CASE_INSENSITIVE);
    private static final Set<String> OTHER_SYSTEMS = Set.of("UK", "EU", "EUR", "CM", "MM", "JP");
    // Another size right after the first: "Sizes 8-13", "Size 9 10 11", "Size 10/10.5".
    private static final Pattern ANOTHER_SIZE = Pattern.compile(
            "^\\s*(?:[-\u2013/,&+]|to\\b|or\\b)?\\s*(?<number>\\d{1,2}(?:\\.\\d)?)(?!\\.?\\d)",
            Pattern.CASE_INSENSITIVE);
    // Anywhere in the title: the listing is (also) about a size class.
    private static final Map<SizeClass, Pattern> NAMED = patterns(Map.of(
            SizeClass.MEN, "\\b(?:" + MENS + ")\\b",
            SizeClass.WOMEN, "\\b(?:" + WOMENS + ")\\b|\\bw\\s?\\d|\\d(?:\\.\\d)?\\s?w\\b",
            SizeClass.YOUTH, "\\b(?:" + YOUTH + "|grade school|" + BIG_KIDS + ")(?!\\w)|\\d(?:\\.\\d)?\\s?y\\b",
            SizeClass.LITTLE_KIDS, "\\b(?:" + LITTLE_KIDS + ")(?!\\w)|\\d(?:\\.\\d)?\\s?c\\b"));

    private ListingTitles() {}

    /**
     * What a listing's category says about its sizes: the size system it is for, and whether a size named without
     * men's, women's or youth wording ("Size 9") is in that system. Kids' categories mix toddler, pre-school and
     * grade-school sizes, so a bare size there says nothing.
     */
    enum Sizing {
        MENS(SizeSystem.US_M, true),
        WOMENS(SizeSystem.US_W, true),
        GRADE_SCHOOL(SizeSystem.US_Y, false),
        /** A category whose sizing is not known: only sizes labelled in the title count. */
        UNKNOWN(null, false);

        private final SizeSystem system;
        private final boolean bareSizes;

        Sizing(SizeSystem system, boolean bareSizes) {
            this.system = system;
            this.bareSizes = bareSizes;
        }

        /** The sizing of an eBay category: its own listings' size system, from the category id. */
        static Sizing ofCategory(String categoryId) {
            return switch (categoryId) {
                // Clothing, Shoes & Accessories › Men's Shoes › Athletic Shoes
                case "15709" -> MENS;
                // › Women's Shoes › Athletic Shoes
                case "95672" -> WOMENS;
                // › Kids › Boys' Shoes, where grade-school (GS) sneakers are listed
                case "57929" -> GRADE_SCHOOL;
                default -> UNKNOWN;
            };
        }

        /** The size system of the category's own listings, or null if unknown. */
        SizeSystem system() {
            return system;
        }
    }

    /**
     * One US size read from a title.
     *
     * @param system US_M, US_W or US_Y
     * @param number the size as a plain decimal, e.g. {@code 10.5} or {@code 8}
     */
    record ListingSize(SizeSystem system, String number) {

        /** The size as snapshots label it: the number, plus W or Y outside men's sizes ({@code 8W}, {@code 5.5Y}). */
        String label() {
            return switch (system) {
                case US_W -> number + "W";
                case US_Y -> number + "Y";
                default -> number;
            };
        }
    }

    /** Whose sizes a size class is; little kids' (toddler, pre-school) sizes are recognised only to be left out. */
    private enum SizeClass {
        MEN(SizeSystem.US_M),
        WOMEN(SizeSystem.US_W),
        YOUTH(SizeSystem.US_Y),
        LITTLE_KIDS(null);

        private final SizeSystem system;

        SizeClass(SizeSystem system) {
            this.system = system;
        }

        static SizeClass of(SizeSystem system) {
            for (SizeClass sizeClass : values()) {
                if (sizeClass.system == system) {
                    return sizeClass;
                }
            }
            return null;
        }
    }

    /** Uppercase with every non-alphanumeric character removed, e.g. {@code dd1391-100} → {@code DD1391100}. */
    static String normalise(String code) {
        return code == null
                ? ""
                : NON_ALPHANUMERIC.matcher(code.toUpperCase(Locale.ROOT)).replaceAll("");
    }

    /**
     * Whether the title names the style code as a token of its own: some run of consecutive alphanumeric words of the
     * title equals the code after normalising, so {@code DD1391 100} and {@code dd1391100} match {@code DD1391-100},
     * while {@code DD1391} alone and {@code DD1391-1001} do not.
     */
    static boolean carriesStyleCode(String title, String styleCode) {
        String wanted = normalise(styleCode);
        if (wanted.isEmpty() || title == null) {
            return false;
        }
        List<String> words = new ArrayList<>();
        for (String word : NON_ALPHANUMERIC.split(title.toUpperCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        for (int first = 0; first < words.size(); first++) {
            StringBuilder joined = new StringBuilder();
            for (int next = first; next < words.size(); next++) {
                joined.append(words.get(next));
                if (joined.length() >= wanted.length() || !wanted.startsWith(joined.toString())) {
                    if (joined.toString().equals(wanted)) {
                        return true;
                    }
                    break;
                }
            }
        }
        return false;
    }

    /**
     * The one US size a title names, in the system the title says it is in; null if it names none, several different
     * ones (multi-size listings), only little kids' or non-US sizes, or leaves the system open.
     *
     * <p>A size labelled men's, women's or youth ({@code Men's 10}, {@code Women's Size 8}, {@code 8W}, {@code GS
     * Size 5.5Y}) is in that system wherever the listing is. A bare size ({@code Size 9}) is in the one size class the
     * title names elsewhere ({@code Nike Wmns Dunk Low … Size 8}); in a title naming none, it is in the category's
     * system where a bare size has one ({@code sizing}). A title giving one pair in two systems ({@code Women's 8 /
     * Men's 6.5}) gives the size in the category's system, or none where the category has none.
     */
    static ListingSize usSize(String title, Sizing sizing) {
        if (title == null) {
            return null;
        }
        String text = title.replace('\u2019', '\'');
        Map<SizeClass, Set<BigDecimal>> labelled = new EnumMap<>(SizeClass.class);
        Set<BigDecimal> bare = new TreeSet<>();
        Matcher match = SIZE.matcher(text);
        while (match.find()) {
            String after = text.substring(match.end());
            if (ANOTHER_SIZE.matcher(after).find() && size(anotherSize(after)) != null) {
                // A range or a list of sizes: which listing price belongs to which size is unknown.
                return null;
            }
            BigDecimal size = size(match.group("number"));
            Reading reading = read(match, text.substring(Math.max(0, match.start() - 12), match.start()), after);
            if (size == null || reading == Reading.SKIPPED) {
                continue;
            }
            if (reading == Reading.BARE) {
                bare.add(size);
            } else {
                labelled.computeIfAbsent(reading.sizeClass, c -> new TreeSet<>())
                        .add(size);
            }
        }
        SizeClass home = SizeClass.of(sizing.system);
        SizeClass bareClass = bareClass(found(NAMED, text), sizing, home);
        if (bareClass != null && !bare.isEmpty()) {
            labelled.computeIfAbsent(bareClass, c -> new TreeSet<>()).addAll(bare);
        }
        labelled.remove(SizeClass.LITTLE_KIDS);
        if (labelled.size() > 1) {
            // One pair described in several systems: the category says which one the listing is sold in.
            labelled.keySet().retainAll(home == null ? Set.of() : Set.of(home));
        }
        if (labelled.size() != 1) {
            return null;
        }
        Map.Entry<SizeClass, Set<BigDecimal>> only =
                labelled.entrySet().iterator().next();
        return only.getValue().size() == 1
                ? new ListingSize(
                        only.getKey().system, plain(only.getValue().iterator().next()))
                : null;
    }

    /**
     * Whose a bare size is: the one size class the title names anywhere ("Nike Wmns Dunk Low … Size 8"), else, if
     * it names none, the category's when a bare size there has one.
     */
    private static SizeClass bareClass(Set<SizeClass> named, Sizing sizing, SizeClass home) {
        if (named.size() == 1) {
            return named.iterator().next();
        }
        return named.isEmpty() && sizing.bareSizes ? home : null;
    }

    /** Whose size one match is, from the letters attached to it, its lead and the words around it. */
    private static Reading read(Matcher match, String before, String after) {
        Set<SizeClass> classes = EnumSet.noneOf(SizeClass.class);
        Matcher attached = ATTACHED_SUFFIX.matcher(after);
        boolean suffixed = attached.find();
        if (suffixed) {
            String letters = attached.group("letters").toUpperCase(Locale.ROOT);
            switch (letters) {
                case "M", "D" -> classes.add(SizeClass.MEN);
                case "W" -> classes.add(SizeClass.WOMEN);
                case "Y" -> classes.add(SizeClass.YOUTH);
                case "C" -> classes.add(SizeClass.LITTLE_KIDS);
                case "US" -> {
                    // "10.5US": a US size of no particular class.
                }
                default -> {
                    // "27cm", "44EU": not a US size.
                    return Reading.SKIPPED;
                }
            }
        }
        for (String lead : new String[] {match.group("sizeClass"), match.group("usClass"), match.group("leadClass")}) {
            if (lead != null) {
                classes.add(classOfWord(lead.trim()));
            }
        }
        classes.addAll(found(BEFORE, before));
        Matcher next = NEXT_WORD.matcher(after);
        if (!suffixed && next.find()) {
            String word = next.group("word").toUpperCase(Locale.ROOT);
            boolean labelledUs = match.group(0).toUpperCase(Locale.ROOT).contains("US");
            if (OTHER_SYSTEMS.contains(word) && !labelledUs) {
                // "Women's Size 7 UK" is a UK size; in "US 10.5 UK 9.5" the UK label belongs to the next number.
                return Reading.SKIPPED;
            }
            SizeClass named = classOfWord(word);
            if (classes.isEmpty() && named != null) {
                // "Size 10.5 Men's", "Size 8 Women's": read only when nothing else says whose size it is, since in
                // "Men's 10 Women's 11.5" the word belongs to the next size.
                classes.add(named);
            }
        }
        if (classes.size() > 1) {
            // "Women's Size 5.5Y": contradictory, so no size at all.
            return Reading.SKIPPED;
        }
        return classes.isEmpty() ? Reading.BARE : Reading.of(classes.iterator().next());
    }

    private static SizeClass classOfWord(String word) {
        return switch (word.toUpperCase(Locale.ROOT).replace("'", "")) {
            case "M", "MEN", "MENS" -> SizeClass.MEN;
            case "W", "WOMEN", "WOMENS", "WMNS", "WMS", "LADIES" -> SizeClass.WOMEN;
            case "Y", "GS", "YOUTH" -> SizeClass.YOUTH;
            case "C", "YC", "PS", "TD" -> SizeClass.LITTLE_KIDS;
            default -> null;
        };
    }

    /** The size classes whose pattern occurs in the text. */
    private static Set<SizeClass> found(Map<SizeClass, Pattern> patterns, String text) {
        Set<SizeClass> found = EnumSet.noneOf(SizeClass.class);
        patterns.forEach((sizeClass, pattern) -> {
            if (pattern.matcher(text).find()) {
                found.add(sizeClass);
            }
        });
        return found;
    }

    private static Map<SizeClass, Pattern> patterns(Map<SizeClass, String> regexes) {
        Map<SizeClass, Pattern> patterns = new EnumMap<>(SizeClass.class);
        regexes.forEach(
                (sizeClass, regex) -> patterns.put(sizeClass, Pattern.compile(regex, Pattern.CASE_INSENSITIVE)));
        return patterns;
    }

    private static String anotherSize(String after) {
        Matcher another = ANOTHER_SIZE.matcher(after);
        return another.find() ? another.group("number") : null;
    }

    /** A whole or half size between 1 and 22, trailing zeros dropped; null otherwise. */
    private static BigDecimal size(String number) {
        if (number == null) {
            return null;
        }
        BigDecimal value = new BigDecimal(number);
        if (value.compareTo(SMALLEST) < 0
                || value.compareTo(LARGEST) > 0
                || value.multiply(TWO).stripTrailingZeros().scale() > 0) {
            return null;
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private static String plain(BigDecimal size) {
        return size.toPlainString();
    }

    /** What one size match says: a size of a class, a bare size, or nothing usable. */
    private enum Reading {
        MEN(SizeClass.MEN),
        WOMEN(SizeClass.WOMEN),
        YOUTH(SizeClass.YOUTH),
        LITTLE_KIDS(SizeClass.LITTLE_KIDS),
        BARE(null),
        SKIPPED(null);

        private final SizeClass sizeClass;

        Reading(SizeClass sizeClass) {
            this.sizeClass = sizeClass;
        }

        static Reading of(SizeClass sizeClass) {
            return switch (sizeClass) {
                case MEN -> MEN;
                case WOMEN -> WOMEN;
                case YOUTH -> YOUTH;
                case LITTLE_KIDS -> LITTLE_KIDS;
            };
        }
    }
}
