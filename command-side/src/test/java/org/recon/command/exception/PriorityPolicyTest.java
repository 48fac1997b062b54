package org.recon.command.exception;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.Priority;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityPolicyTest {

    private final PriorityPolicy priority = new PriorityPolicy();

    @ParameterizedTest
    @CsvSource({
            "NEGATIVE_AVAILABLE, true, P1", "NEGATIVE_AVAILABLE, false, P2",
            "OVERSELL_RISK, true, P1", "OVERSELL_RISK, false, P2",
            "SOURCE_MISMATCH, false, P3", "QUANTITY_MISMATCH, false, P3", "COUNT_VARIANCE, false, P3",
            "MISSING_ACKNOWLEDGEMENT, false, P3", "ORPHAN_MOVEMENT, false, P3",
            "SOURCE_MISMATCH, true, P2", "QUANTITY_MISMATCH, true, P2", "COUNT_VARIANCE, true, P2",
            "MISSING_ACKNOWLEDGEMENT, true, P2", "ORPHAN_MOVEMENT, true, P2",
            "DUPLICATE_CONFLICT, false, P4", "UNMAPPED_IDENTITY, false, P4",
            "DUPLICATE_CONFLICT, true, P2", "UNMAPPED_IDENTITY, true, P2"
    })
    void perReasonAndRisk(ExceptionReason reason, boolean highRisk, Priority expected) {
        assertThat(priority.priorityOf(reason, highRisk)).isEqualTo(expected);
    }
}
