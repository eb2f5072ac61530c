package com.marketsync.fetcher.stockx;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compares StockX style ids with our skus exactly: StockX search is fuzzy, so a product counts only if its (possibly
 * compound) style id carries every code of the sku as a whole code, never as the start of a longer one.
 *
 * <p>Both sides are split into segments on {@code /} after dropping parenthesised notes; a sku segment matches a
 * style-id segment if a run of its words spells the code (ignoring case and punctuation) and no neighbouring word
 * carries a digit. So {@code CW2288-111} is found in {@code 315122-111/CW2288-111} and in
 * {@code Travis Scott CW2288-111}, while the model code {@code DD1391} matches none of {@code DD1391-100},
 * {@code DD1391 100} or {@code Nike DD1391 100}: there {@code 100} continues the code.
 */
final class StyleCodes {

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Z0-9]");
    private static final Pattern PARENTHESISED = Pattern.compile("\\([^)]*\\)");
    private static final Pattern DIGIT = Pattern.compile("\\d");

    private StyleCodes() {}

    /** Uppercase with every non-alphanumeric character removed, e.g. {@code dd1391-100} → {@code DD1391100}. */
    static String normalise(String code) {
        return code == null
                ? ""
                : NON_ALPHANUMERIC.matcher(code.toUpperCase(Locale.ROOT)).replaceAll("");
    }

    /**
     * The key a sku is remembered under: its segments normalised and joined by {@code /}, so the compound
     * {@code 315122-111/CW2288-111} and the single {@code 315122111CW2288111} never share a mapping.
     */
    static String key(String sku) {
        return String.join("/", segments(sku));
    }

    /** Whether a StockX styleId denotes the sku: every segment of the sku is a whole code in some styleId segment. */
    static boolean matches(String styleId, String sku) {
        List<String> wanted = segments(sku);
        if (wanted.isEmpty() || styleId == null) {
            return false;
        }
        List<List<String>> offered = segmentWords(styleId);
        return wanted.stream().allMatch(code -> offered.stream().anyMatch(words -> containsWholeCode(words, code)));
    }

    private static List<String> segments(String code) {
        return segmentWords(code).stream()
                .map(words -> String.join("", words))
                .filter(segment -> !segment.isEmpty())
                .toList();
    }

    /** Per segment, its words normalised, words that are only punctuation dropped. */
    private static List<List<String>> segmentWords(String code) {
        if (code == null) {
            return List.of();
        }
        String withoutNotes = PARENTHESISED.matcher(code).replaceAll(" ");
        return Arrays.stream(withoutNotes.split("/"))
                .map(segment -> Arrays.stream(segment.trim().split("\\s+"))
                        .map(StyleCodes::normalise)
                        .filter(word -> !word.isEmpty())
                        .toList())
                .filter(words -> !words.isEmpty())
                .toList();
    }

    private static boolean containsWholeCode(List<String> words, String code) {
        for (int from = 0; from < words.size(); from++) {
            StringBuilder spelled = new StringBuilder();
            for (int to = from; to < words.size() && spelled.length() < code.length(); to++) {
                spelled.append(words.get(to));
                if (spelled.toString().equals(code)
                        && (from == 0 || !hasDigit(words.get(from - 1)))
                        && (to == words.size() - 1 || !hasDigit(words.get(to + 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasDigit(String word) {
        return DIGIT.matcher(word).find();
    }
}
