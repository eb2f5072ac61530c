package com.marketsync.fetcher.ebay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what eBay item summaries carry only in their free-text titles: whether the listing names our style code
 * exactly, and the one US men's size it is for.
 */
final class ListingTitles {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Z0-9]+");
    private static final BigDecimal SMALLEST = BigDecimal.ONE;
    private static final BigDecimal LARGEST = BigDecimal.valueOf(22);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    // "Size 10.5", "Sz: US 10.5", "Sizes 8-13", "US 10.5", "US M 10.5", "Men's 10.5", "Mens US 10.5".
    private static final String MENS = "(?:men'?s|mens|m)";
    private static final Pattern SIZE = Pattern.compile(
            "\\b(?:"
                    + "(?<size>sizes?|sz)\\.?\\s*:?\\s*(?<sizeUs>us\\s*)?(?<sizeMen>" + MENS + "\\s*)?"
                    + "|(?<us>us)\\s*(?<usMen>" + MENS + "\\s*)?"
                    + "|(?<men>men'?s|mens)\\s+(?<menUs>us\\s*)?"
                    + ")(?<number>\\d{1,2}(?:\\.\\d)?)(?!\\.?\\d)",
            Pattern.CASE_INSENSITIVE);
    // Words right before a size that make it someone else's: "Women's Size 8", "GS Size 6", "W 12".
    private static final Pattern NOT_MENS_BEFORE = Pattern.compile(
            "\\b(?:women'?s|womens|wmns|wms|ladies|youth|kids?|kid's|gs|ps|td|w)\\W*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MENS_BEFORE = Pattern.compile("\\b(?:men'?s|mens)\\W*$", Pattern.CASE_INSENSITIVE);
    // Right after the number: attached letters ("8W", "5Y", "10C", "27cm") other than a width or "US".
    private static final Pattern ATTACHED_SUFFIX = Pattern.compile("^(?<letters>[a-z]+)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> MENS_SUFFIXES = Set.of("M", "D", "US");
    // Right after the number, as a separate word: another size system or a non-men's size class.
    private static final Pattern NEXT_WORD = Pattern.compile("^\\s+(?<word>[a-z']+)\\b", Pattern.CASE_INSENSITIVE);
    private static final Set<String> NOT_MENS_AFTER =
            Set.of("W", "Y", "C", "YC", "GS", "PS", "TD", "WMNS", "WOMENS", "WOMEN'S", "WOMEN");
    private static final Set<String> OTHER_SYSTEMS = Set.of("UK", "EU", "EUR", "CM", "MM", "JP");
    // Another size right after the first: "Sizes 8-13", "Size 9 10 11", "Size 10/10.5".
    private static final Pattern ANOTHER_SIZE = Pattern.compile(
            "^\\s*(?:[-\u2013/,&+]|to\\b|or\\b)?\\s*(?<number>\\d{1,2}(?:\\.\\d)?)(?!\\.?\\d)",
            Pattern.CASE_INSENSITIVE);
    // Anywhere in the title: the listing is (also) about women's or kids' sizes.
    private static final Pattern NOT_MENS_MARKER = Pattern.compile(
            "\\b(?:women'?s|womens|wmns|wms|ladies|youth|kids?|kid's|gs|ps|td|toddler|preschool|infant|baby)\\b"
                    + "|\\bw\\s?\\d|\\d(?:\\.\\d)?\\s?[wyc]\\b",
            Pattern.CASE_INSENSITIVE);

    private ListingTitles() {}

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
     * The one US men's size a title names, as a plain decimal ({@code "10.5"}, {@code "10"}); null if it names none,
     * several different ones (multi-size listings), or only women's, kids' or non-US sizes.
     */
    static String usMensSize(String title) {
        if (title == null) {
            return null;
        }
        String text = title.replace('\u2019', '\'');
        boolean otherSizeClasses = NOT_MENS_MARKER.matcher(text).find();
        Set<BigDecimal> unmarked = new TreeSet<>();
        Set<BigDecimal> mens = new TreeSet<>();
        Matcher match = SIZE.matcher(text);
        while (match.find()) {
            BigDecimal size = size(match.group("number"));
            String before = text.substring(Math.max(0, match.start() - 12), match.start());
            String after = text.substring(match.end());
            if (ANOTHER_SIZE.matcher(after).find() && size(anotherSize(after)) != null) {
                // A range or a list of sizes: which listing price belongs to which size is unknown.
                return null;
            }
            if (size == null || NOT_MENS_BEFORE.matcher(before).find() || !mensAfter(match, after)) {
                continue;
            }
            boolean explicitlyMens = match.group("sizeMen") != null
                    || match.group("usMen") != null
                    || match.group("men") != null
                    || MENS_BEFORE.matcher(before).find();
            (explicitlyMens ? mens : unmarked).add(size);
        }
        Set<BigDecimal> candidates = new TreeSet<>(mens);
        if (!otherSizeClasses) {
            // Without women's or kids' wording a bare "Size 10.5" is the men's size.
            candidates.addAll(unmarked);
        }
        return candidates.size() == 1 ? candidates.iterator().next().toPlainString() : null;
    }

    private static String anotherSize(String after) {
        Matcher another = ANOTHER_SIZE.matcher(after);
        return another.find() ? another.group("number") : null;
    }

    private static boolean mensAfter(Matcher match, String after) {
        Matcher attached = ATTACHED_SUFFIX.matcher(after);
        if (attached.find()) {
            return MENS_SUFFIXES.contains(attached.group("letters").toUpperCase(Locale.ROOT));
        }
        Matcher next = NEXT_WORD.matcher(after);
        if (!next.find()) {
            return true;
        }
        String word = next.group("word").toUpperCase(Locale.ROOT);
        if (NOT_MENS_AFTER.contains(word)) {
            return false;
        }
        // "Size 9.5 UK" is a UK size; in "US 10.5 UK 9.5" the UK label belongs to the next number.
        boolean labelledUs = match.group("us") != null || match.group("sizeUs") != null || match.group("menUs") != null;
        return labelledUs || !OTHER_SYSTEMS.contains(word);
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
}
