package com.marketsync.fetcher.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Style-code and US-size reading from real-looking eBay listing titles. */
class ListingTitlesTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Nike Dunk Low Retro White Black Panda DD1391-100 Men's Size 10.5 | true",
                "NIKE DUNK LOW DD1391 100 US 9 | true",
                "nike dunk low dd1391100 size 9 | true",
                "Nike Dunk Low (DD1391-100) Sz 11 | true",
                "Nike Dunk Low DD1391-100/DD1503-101 bundle | true",
                "Nike Dunk Low Panda DD1391 Size 10.5 | false",
                "Nike Dunk Low Panda DD1391-1001 Size 10.5 | false",
                "Nike Dunk Low Panda DD1391-100W Size 10.5 | false",
                "Nike Dunk Low Panda XDD1391-100 Size 10.5 | false",
                "Nike Dunk Low Retro White Black Panda Men's Size 10.5 | false",
            })
    void acceptsTheStyleCodeOnlyAsATokenOfItsOwn(String title, boolean carries) {
        assertThat(ListingTitles.carriesStyleCode(title, "DD1391-100")).isEqualTo(carries);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "Nike Dunk Low Panda DD1391-100 Men's Size 10.5 | 10.5",
                "Nike Dunk Low Panda DD1391-100 Sz 10.5 | 10.5",
                "Nike Dunk Low Panda DD1391-100 US 10.5 | 10.5",
                "Nike Dunk Low Panda DD1391-100 US10.5 | 10.5",
                "Nike Dunk Low Panda DD1391-100 SIZE: US M 10.5 | 10.5",
                "Nike Dunk Low Panda DD1391-100 Mens 9 | 9",
                "Nike Dunk Low Panda DD1391-100 Men’s Size 9 | 9",
                "Nike Dunk Low Panda DD1391-100 Size 10.0 | 10",
                "Nike Dunk Low Panda DD1391-100 Size 10.5M | 10.5",
                "Nike Dunk Low Panda DD1391-100 US 10.5 UK 9.5 EU 44.5 | 10.5",
                "Nike Dunk Low Panda DD1391-100 Size 10.5 US 10.5 | 10.5",
                "Nike Dunk Low Panda DD1391-100 Women's Size 12 (Men's 10.5) | 10.5",
                "Nike Dunk Low Panda DD1391-100 Size 9 100% Authentic | 9",
                "Nike Dunk Low Panda DD1391-100 Brand New DS | none",
                "Nike Dunk Low Panda DD1391-100 Sizes 8-13 | none",
                "Nike Dunk Low Panda DD1391-100 Size 9 10 11 | none",
                "Nike Dunk Low Panda DD1391-100 Size 10/10.5 | none",
                "Nike Dunk Low Panda DD1391-100 Size 9.5 UK | none",
                "Nike Dunk Low Panda DD1391-100 Women's Size 8 | none",
                "Nike Dunk Low Panda DD1503-101 Wmns Size 8 | none",
                "Nike Dunk Low GS Panda CW1590-100 Size 6Y | none",
                "Nike Dunk Low GS Panda CW1590-100 Size 6 | none",
                "Nike Dunk Low Panda DD1391-100 Size 8W | none",
                "Nike Dunk Low Panda DD1391-100 Size 10.25 | none",
                "Nike Dunk Low Panda DD1391-100 Size 44 | none",
                "Nike Dunk Low Panda DD1391-100 Size 9 and Size 10 | none",
                "Nike Dunk Low Panda DD1391-100 Men's Size 10.5 Men's Size 10.5 | 10.5",
                "Nike Dunk Low Retro Size 10.5 Men's DD1391-100 | 10.5",
                "Nike Dunk Low Retro Men's Size 13 DD1391 100 Brand New | 13",
                "Nike Dunk Low Retro Women's Size 8 DD1503-101 | none",
            })
    void readsTheOneUsMensSizeOfATitle(String title, String size) {
        assertThat(ListingTitles.usMensSize(title)).isEqualTo(size);
    }
}
