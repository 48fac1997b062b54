package org.recon.command.exception;

import org.junit.jupiter.api.Test;
import org.recon.api.exception.ExceptionReason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecurrencePolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

    @Test
    void samePositionAndReasonWithinSevenDaysNamesTheEarlierException() {
        RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) ->
                Optional.of(new RecurrencePolicy.PriorOpening("EXC-1", NOW.minus(Duration.ofDays(7)))));
        assertThat(policy.recurrenceOf("SKU@LOC", ExceptionReason.COUNT_VARIANCE, NOW, "v#2")).contains("EXC-1");
    }

    @Test
    void anEarlierOneOlderThanSevenDaysIsNotARecurrence() {
        RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) ->
                Optional.of(new RecurrencePolicy.PriorOpening("EXC-1", NOW.minus(Duration.ofDays(7)).minusSeconds(1))));
        assertThat(policy.recurrenceOf("SKU@LOC", ExceptionReason.COUNT_VARIANCE, NOW, "v#2")).isEmpty();
    }

    @Test
    void asksForTheSamePositionAndReasonLeavingOutTheSameCondition() {
        List<Object> asked = new ArrayList<>();
        RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) -> {
            asked.addAll(List.of(position, reason, before, trigger));
            return Optional.empty();
        });
        assertThat(policy.recurrenceOf("SKU@LOC", ExceptionReason.MISSING_ACKNOWLEDGEMENT, NOW, "step#1")).isEmpty();
        assertThat(asked).containsExactly("SKU@LOC", ExceptionReason.MISSING_ACKNOWLEDGEMENT, NOW, "step#1");
    }

    @Test
    void withoutAPositionThereIsNothingToRecur() {
        RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) -> {
            throw new AssertionError("not asked");
        });
        assertThat(policy.recurrenceOf(null, ExceptionReason.UNMAPPED_IDENTITY, NOW, "inbox:1")).isEmpty();
    }
}
