package com.marketsync.fetcher.stockx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exact style-code matching of StockX style ids against catalog skus. */
class StyleCodesTest {

    @Test
    void normalisesToUppercaseAlphanumerics() {
        assertThat(StyleCodes.normalise(" dd1391-100 ")).isEqualTo("DD1391100");
        assertThat(StyleCodes.normalise(null)).isEmpty();
    }

    @Test
    void matchesTheSameCodeWrittenDifferently() {
        assertThat(StyleCodes.matches("DD1391-100", "dd1391 100")).isTrue();
        assertThat(StyleCodes.matches("DD1391 100", "DD1391-100")).isTrue();
        assertThat(StyleCodes.matches("Nike DD1391 100", "DD1391-100")).isTrue();
    }

    @Test
    void rejectsOtherColourwaysThatFuzzySearchReturns() {
        assertThat(StyleCodes.matches("DD1391-103", "DD1391-100")).isFalse();
        assertThat(StyleCodes.matches("DD1391-1000", "DD1391-100")).isFalse();
        assertThat(StyleCodes.matches("DD1391", "DD1391-100")).isFalse();
        assertThat(StyleCodes.matches(null, "DD1391-100")).isFalse();
        assertThat(StyleCodes.matches("DD1391-100", "  - ")).isFalse();
    }

    @Test
    void neverMatchesAModelOnlyCodeToAFullStyleCode() {
        assertThat(StyleCodes.matches("DD1391-100", "DD1391")).isFalse();
        assertThat(StyleCodes.matches("DD1391 100", "DD1391")).isFalse();
        assertThat(StyleCodes.matches("Nike DD1391 100", "DD1391")).isFalse();
        assertThat(StyleCodes.matches("100 DD1391", "DD1391")).isFalse();
        assertThat(StyleCodes.matches("315122-111/DD1391 100", "DD1391")).isFalse();
        // A model-only code is still found where StockX lists exactly that code.
        assertThat(StyleCodes.matches("DD1391", "DD1391")).isTrue();
        assertThat(StyleCodes.matches("Nike Dunk DD1391", "dd1391")).isTrue();
    }

    @Test
    void matchesEverySegmentOfACompoundStyleId() {
        assertThat(StyleCodes.matches("315122-111/CW2288-111", "CW2288-111")).isTrue();
        assertThat(StyleCodes.matches("315122-111/CW2288-111", "315122-111")).isTrue();
        assertThat(StyleCodes.matches("315122-111/CW2288-111", "315122111CW2288111"))
                .isFalse();
    }

    @Test
    void matchesACompoundSkuToItsOwnCompoundStyleIdOnly() {
        assertThat(StyleCodes.matches("315122-111/CW2288-111", "315122-111/CW2288-111"))
                .isTrue();
        assertThat(StyleCodes.matches("CW2288-111/315122-111", "315122 111 / cw2288-111"))
                .isTrue();
        assertThat(StyleCodes.matches("CW2288-111", "315122-111/CW2288-111")).isFalse();
        assertThat(StyleCodes.matches("315122-111/CW2288-112", "315122-111/CW2288-111"))
                .isFalse();
    }

    @Test
    void ignoresParenthesisedNotes() {
        assertThat(StyleCodes.matches("(Cactus Jack) AQ4211-101", "AQ4211-101")).isTrue();
        assertThat(StyleCodes.matches("(Cactus Jack) AQ4211-101", "CACTUSJACKAQ4211101"))
                .isFalse();
        assertThat(StyleCodes.matches("(AQ4211-101) CW2288-111", "AQ4211-101")).isFalse();
        assertThat(StyleCodes.matches("Travis Scott AQ4211-101 / (Cactus Jack) CW2288-111", "CW2288-111"))
                .isTrue();
    }

    @Test
    void keysACompoundSkuApartFromTheSameCharactersWithoutSegments() {
        assertThat(StyleCodes.key("315122-111/cw2288-111")).isEqualTo("315122111/CW2288111");
        assertThat(StyleCodes.key("315122111CW2288111")).isEqualTo("315122111CW2288111");
        assertThat(StyleCodes.key("dd1391 100")).isEqualTo(StyleCodes.key("DD1391-100"));
    }
}
