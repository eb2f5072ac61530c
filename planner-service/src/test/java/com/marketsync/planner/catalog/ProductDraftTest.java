package com.marketsync.planner.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.events.Tier;
import com.marketsync.planner.web.ApiException;
import org.junit.jupiter.api.Test;

class ProductDraftTest {

    @Test
    void acceptsAValidProductStrippedWithTheTierInAnyCase() {
        Product product = new ProductDraft(" DD1391-100 ", " Dunk Low ", "Nike", "warm").validate();

        assertThat(product).isEqualTo(new Product("DD1391-100", "Dunk Low", "Nike", Tier.WARM));
    }

    @Test
    void namesTheFirstFieldThatBreaksItsRule() {
        assertThat(problem("dd1391-100", "Dunk", "Nike", "HOT").field()).isEqualTo("sku");
        assertThat(problem("DD1391-100", " ", "Nike", "HOT").field()).isEqualTo("name");
        assertThat(problem("DD1391-100", "Dunk", "N".repeat(201), "HOT").field())
                .isEqualTo("brand");
        assertThat(problem("DD1391-100", "Dunk", "N".repeat(200), "HOT")).isNull();
        assertThat(problem("DD1391-100", "Dunk\u0000", "Nike", "HOT").field()).isEqualTo("name");
        assertThat(problem("DD1391-100", "Dunk", "Nike", "LUKEWARM"))
                .isEqualTo(new FieldProblem("tier", ProductFields.TIER_RULE));
        assertThat(problem("DD1391-100", "Dunk", "Nike", null).field()).isEqualTo("tier");
    }

    @Test
    void refusesAnInvalidDraftWithA400NamingTheField() {
        assertThatThrownBy(() -> new ProductDraft("DD1391-100", null, "Nike", "HOT").validate())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("name");
                });
    }

    private static FieldProblem problem(String sku, String name, String brand, String tier) {
        return new ProductDraft(sku, name, brand, tier).problem();
    }
}
