package com.marketsync.fetcher.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.SizeSystem;
import com.marketsync.fetcher.ebay.ListingTitles.ListingSize;
import com.marketsync.fetcher.ebay.ListingTitles.Sizing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Style-code and US-size reading (men's, women's, grade school) from real-looking eBay listing titles. */
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
                "Nike Dunk Low Panda DD1391-100 Size 9 100% Authentic | 9",
                "Nike Dunk Low Panda DD1391-100 Brand New DS | none",
                "Nike Dunk Low Panda DD1391-100 Sizes 8-13 | none",
                "Nike Dunk Low Panda DD1391-100 Size 9 10 11 | none",
                "Nike Dunk Low Panda DD1391-100 Size 10/10.5 | none",
                "Nike Dunk Low Panda DD1391-100 Size 9.5 UK | none",
                "Nike Dunk Low Panda DD1391-100 Size 27cm | none",
                "Nike Dunk Low Panda DD1391-100 Size 10.25 | none",
                "Nike Dunk Low Panda DD1391-100 Size 44 | none",
                "Nike Dunk Low Panda DD1391-100 Size 9 and Size 10 | none",
                "Nike Dunk Low Panda DD1391-100 Men's Size 10.5 Men's Size 10.5 | 10.5",
                "Nike Dunk Low Retro Size 10.5 Men's DD1391-100 | 10.5",
                "Nike Dunk Low Retro Men's Size 13 DD1391 100 Brand New | 13",
            })
    void readsTheOneUsMensSizeOfATitleInTheMensCategory(String title, String label) {
        assertThat(labelOf(title, Sizing.MENS)).isEqualTo(label);
    }

    @ParameterizedTest(name = "[{index}] {0} in {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                // Labelled women's sizes are women's sizes in any category, never men's.
                "Nike Dunk Low Panda DD1391-100 Women's Size 8 | MENS | 8W",
                "Nike Dunk Low Panda DD1503-101 Wmns Size 8 | MENS | 8W",
                "Nike Dunk Low Panda DD1391-100 Size 8W | MENS | 8W",
                "Nike Dunk Low Retro Women's Size 8 DD1503-101 | MENS | 8W",
                "Nike Dunk Low Panda DD1503-101 Size 8.5 Women's | MENS | 8.5W",
                "Nike Dunk Low Panda DD1503-101 US W 8 | MENS | 8W",
                "Nike Dunk Low Panda DD1503-101 Women's US 8 | UNKNOWN | 8W",
                // A bare size in the women's category is a women's size; in the men's category a men's one.
                "Nike Dunk Low Panda DD1503-101 Size 8 | WOMENS | 8W",
                "Nike Dunk Low Panda DD1503-101 Size 8 | MENS | 8",
                "Nike Wmns Dunk Low Panda DD1503-101 Size 8 | WOMENS | 8W",
                // ...unless the title names another size class: the title's word is followed, or no size at all.
                "Nike Wmns Dunk Low Panda DD1503-101 Size 8 | MENS | 8W",
                "Nike Dunk Low Panda DD1391-100 Men's Fit Size 10 | WOMENS | 10",
                "Nike Dunk Low Panda DD1503-101 Size 8 fits Men's and Women's | WOMENS | none",
                "Nike Dunk Low Panda DD1503-101 Size 8 | UNKNOWN | none",
                // One pair in two systems: the category's system, or none where it has none.
                "Nike Dunk Low Panda DD1391-100 Women's Size 12 (Men's 10.5) | MENS | 10.5",
                "Nike Dunk Low Panda DD1503-101 Women's Size 8 / Men's 6.5 | WOMENS | 8W",
                "Nike Dunk Low Panda DD1503-101 Women's Size 8 / Men's 6.5 | MENS | 6.5",
                "Nike Dunk Low Panda DD1503-101 Women's Size 8 Men's 6.5 | WOMENS | 8W",
                "Nike Dunk Low Panda DD1503-101 Men's 6.5 Women's Size 8 | WOMENS | 8W",
                "Nike Dunk Low Panda DD1503-101 Women's Size 8 / Men's 6.5 | UNKNOWN | none",
                "Nike Dunk Low Panda CW1590-100 GS Size 5.5Y / Women's 7 | GRADE_SCHOOL | 5.5Y",
                "Nike Dunk Low Panda CW1590-100 GS Size 5.5Y / Women's 7 | MENS | none",
                // Grade-school sizes: labelled Y, GS, youth or big kids, in any category.
                "Nike Dunk Low GS Panda CW1590-100 Size 6Y | MENS | 6Y",
                "Nike Dunk Low Panda CW1590-100 GS Size 5.5Y | GRADE_SCHOOL | 5.5Y",
                "Nike Dunk Low Panda CW1590-100 Size 5.5Y GS | GRADE_SCHOOL | 5.5Y",
                "Nike Dunk Low Panda CW1590-100 Youth Size 4 | GRADE_SCHOOL | 4Y",
                "Nike Dunk Low Panda CW1590-100 Big Kids' Size 6.5Y | GRADE_SCHOOL | 6.5Y",
                "Nike Dunk Low Panda CW1590-100 GS 7 | UNKNOWN | 7Y",
                "Nike Dunk Low GS Panda CW1590-100 Size 6 | MENS | 6Y",
                // A bare size in the kids' category may be a toddler's, pre-schooler's or grade schooler's.
                "Nike Dunk Low Panda CW1590-100 Size 6 | GRADE_SCHOOL | none",
                // Toddler and pre-school sizes are not tracked, and contradictory labels give no size.
                "Nike Dunk Low Panda CW1590-100 Size 10.5C | GRADE_SCHOOL | none",
                "Nike Dunk Low Panda PS CW1590-100 Size 13 | MENS | none",
                "Nike Dunk Low Panda Kids Size 2 | GRADE_SCHOOL | none",
                "Nike Dunk Low Panda Women's Size 5.5Y | GRADE_SCHOOL | none",
                "Nike Dunk Low Panda DD1391-100 Men's Size 8W | MENS | none",
                // Another size system after the number is never a US size, whatever class words come with it.
                "Nike Dunk Low Panda DD1503-101 Women's Size 7 UK | WOMENS | none",
                "Nike Dunk Low Panda DD1391-100 Men's Size 9.5 EU | MENS | none",
                "Nike Dunk Low Panda DD1503-101 Women's US 8 UK 5.5 | WOMENS | 8W",
            })
    void givesASizeOnlyTheSystemItsTitleOrItsCategorySays(String title, Sizing sizing, String label) {
        assertThat(labelOf(title, sizing)).isEqualTo(label);
    }

    @Test
    void labelsSizesOutsideMensWithTheirSystemLetter() {
        assertThat(ListingTitles.usSize("DD1503-101 Women's Size 8", Sizing.MENS))
                .isEqualTo(new ListingSize(SizeSystem.US_W, "8"));
        assertThat(ListingTitles.usSize("CW1590-100 GS Size 5.5Y", Sizing.MENS))
                .isEqualTo(new ListingSize(SizeSystem.US_Y, "5.5"));
        assertThat(ListingTitles.usSize("DD1391-100 Size 10.5", Sizing.MENS))
                .isEqualTo(new ListingSize(SizeSystem.US_M, "10.5"));
    }

    @Test
    void knowsTheSizingOfTheSneakerCategories() {
        assertThat(Sizing.ofCategory("15709")).isEqualTo(Sizing.MENS);
        assertThat(Sizing.ofCategory("95672")).isEqualTo(Sizing.WOMENS);
        assertThat(Sizing.ofCategory("57929")).isEqualTo(Sizing.GRADE_SCHOOL);
        assertThat(Sizing.ofCategory("155194")).isEqualTo(Sizing.UNKNOWN);
        assertThat(Sizing.GRADE_SCHOOL.system()).isEqualTo(SizeSystem.US_Y);
    }

    private static String labelOf(String title, Sizing sizing) {
        ListingSize size = ListingTitles.usSize(title, sizing);
        return size == null ? null : size.label();
    }
}
