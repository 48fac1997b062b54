package org.recon.api.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalCodeTest {

    @Test
    void aCodeIsTrimmedAndUpperCased() {
        assertThat(new Sku(" tshirt-red_m.1:a/b ").value()).isEqualTo("TSHIRT-RED_M.1:A/B");
        assertThat(new LocationCode("wh-east").value()).isEqualTo("WH-EAST");
    }

    @Test
    void everyProblemIsNamed() {
        assertThat(CanonicalCode.problem(null)).contains("is required");
        assertThat(CanonicalCode.problem("   ")).contains("is required");
        assertThat(CanonicalCode.problem("A".repeat(65))).contains("must be at most 64 characters");
        assertThat(CanonicalCode.problem("A".repeat(64))).isEmpty();
        for (String bad : new String[] {"WH EAST", "SKU#1", "SKU,1", "ÄPFEL", "SKU+", "SKU\t1"}) {
            assertThat(CanonicalCode.problem(bad)).as(bad).contains("may contain only letters, digits and - _ . : /");
        }
    }

    @Test
    void anInvalidCodeCannotBeMade() {
        assertThatThrownBy(() -> new Sku("bad sku")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SKU may contain only letters, digits and - _ . : /: 'bad sku'");
    }
}
