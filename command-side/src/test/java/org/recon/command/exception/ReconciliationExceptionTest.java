package org.recon.command.exception;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.exception.AcknowledgeException;
import org.recon.api.exception.AssignException;
import org.recon.api.exception.AutoResolveException;
import org.recon.api.exception.EscalateException;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAssigned;
import org.recon.api.exception.ExceptionAutoResolved;
import org.recon.api.exception.ExceptionEscalated;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.ExceptionStatus;
import org.recon.api.exception.OpenException;
import org.recon.api.exception.Priority;
import org.recon.api.exception.Resolution;
import org.recon.api.exception.ResolutionAdjustment;
import org.recon.api.exception.ResolveException;
import org.recon.api.position.AdjustmentReason;

import java.time.Instant;
import java.util.Map;

class ReconciliationExceptionTest {

    private static final String ID = "EXC-1";
    private static final PositionId POSITION = PositionId.of("TSHIRT-RED-M", "WH-EAST");
    private static final Instant OPENED = Instant.parse("2026-01-01T11:20:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant DUE = OPENED.plusSeconds(24 * 3600);
    private static final ResolutionAdjustment SHRINK = new ResolutionAdjustment("on_hand", -2, AdjustmentReason.SHRINKAGE);

    private AggregateTestFixture<ReconciliationException> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReconciliationException.class);
    }

    private static ExceptionOpened opened() {
        return new ExceptionOpened(ID, POSITION, SystemId.of("ERP"), null, ExceptionReason.MISSING_ACKNOWLEDGEMENT,
                Priority.P3, "erp-ops", OPENED, DUE, Map.of("stepId", "s#1"), null, "s#1");
    }

    private static ReconciliationException.Outcome outcome(ExceptionStatus status, String team) {
        return new ReconciliationException.Outcome(ID, status, team);
    }

    @Test
    void opens() {
        fixture.givenNoPriorActivity()
                .when(new OpenException(ID, POSITION, SystemId.of("ERP"), null, ExceptionReason.MISSING_ACKNOWLEDGEMENT,
                        Priority.P3, "erp-ops", OPENED, DUE, Map.of("stepId", "s#1"), null, "s#1"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(opened());
    }

    @Test
    void theOwningTeamAcknowledges() {
        fixture.givenCurrentTime(NOW).andGiven(opened())
                .when(new AcknowledgeException(ID, "erp-ops-dev", "erp-ops"))
                .expectEvents(new ExceptionAcknowledged(ID, POSITION, "erp-ops-dev", NOW))
                .expectResultMessagePayload(outcome(ExceptionStatus.ACKNOWLEDGED, "erp-ops"));
    }

    @Test
    void anAdminActsOnAnyTeamsException() {
        fixture.givenCurrentTime(NOW).andGiven(opened())
                .when(new AcknowledgeException(ID, "admin-dev", null))
                .expectEvents(new ExceptionAcknowledged(ID, POSITION, "admin-dev", NOW));
    }

    @Test
    void anotherTeamMayNotAcknowledgeAssignOrResolve() {
        fixture.given(opened()).when(new AcknowledgeException(ID, "wh", "warehouse-ops"))
                .expectNoEvents().expectException(ExceptionRuleViolation.class)
                .expectException(violation(ExceptionRuleViolation.Kind.NOT_OWNER));
        fixture.given(opened()).when(new AssignException(ID, "warehouse-ops", "wh", "warehouse-ops"))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.NOT_OWNER));
        fixture.given(opened()).when(new ResolveException(ID, Resolution.ACCEPTED, "fine", null, "wh", "warehouse-ops"))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.NOT_OWNER));
    }

    @Test
    void acknowledgingTwiceOrAResolvedOneIsAnInvalidTransition() {
        fixture.given(opened(), new ExceptionAcknowledged(ID, POSITION, "a", NOW))
                .when(new AcknowledgeException(ID, "erp-ops-dev", "erp-ops"))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_TRANSITION));
        fixture.given(opened(), resolved(true))
                .when(new AcknowledgeException(ID, "erp-ops-dev", "erp-ops"))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_TRANSITION));
    }

    @Test
    void resolvingAnOpenExceptionAcknowledgesItInTheSameStep() {
        fixture.givenCurrentTime(NOW).andGiven(opened())
                .when(new ResolveException(ID, Resolution.CORRECTED_AT_SOURCE, "ERP posted the shipment", null, "erp-ops-dev", "erp-ops"))
                .expectEvents(new ExceptionResolved(ID, POSITION, Resolution.CORRECTED_AT_SOURCE, "ERP posted the shipment",
                        null, "erp-ops-dev", NOW, true))
                .expectResultMessagePayload(outcome(ExceptionStatus.RESOLVED, "erp-ops"));
    }

    @Test
    void resolvingAnAcknowledgedExceptionWithAnAdjustment() {
        fixture.givenCurrentTime(NOW).andGiven(opened(), new ExceptionAcknowledged(ID, POSITION, "a", OPENED))
                .when(new ResolveException(ID, Resolution.ADJUSTED, "two lost", SHRINK, "erp-ops-dev", "erp-ops"))
                .expectEvents(new ExceptionResolved(ID, POSITION, Resolution.ADJUSTED, "two lost", SHRINK, "erp-ops-dev", NOW, false));
    }

    @Test
    void resolvingTwiceIsAnInvalidTransition() {
        fixture.given(opened(), resolved(true))
                .when(new ResolveException(ID, Resolution.ACCEPTED, "again", null, "erp-ops-dev", "erp-ops"))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_TRANSITION));
        fixture.given(opened(), new ExceptionAutoResolved(ID, POSITION, "STEP_COMPLETED", Map.of(), NOW))
                .when(new ResolveException(ID, Resolution.ACCEPTED, "again", null, "erp-ops-dev", "erp-ops"))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_TRANSITION));
    }

    @Test
    void aResolutionNeedsANoteAndAdjustedNeedsAValidAdjustment() {
        fixture.given(opened()).when(new ResolveException(ID, Resolution.ACCEPTED, " ", null, "a", null))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_COMMAND));
        fixture.given(opened()).when(new ResolveException(ID, Resolution.ADJUSTED, "n", null, "a", null))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_COMMAND));
        fixture.given(opened()).when(new ResolveException(ID, Resolution.ADJUSTED, "n",
                        new ResolutionAdjustment("available", 1, AdjustmentReason.CORRECTION), "a", null))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_COMMAND));
        fixture.given(opened()).when(new ResolveException(ID, Resolution.ADJUSTED, "n",
                        new ResolutionAdjustment("on_hand", 0, AdjustmentReason.CORRECTION), "a", null))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_COMMAND));
    }

    @Test
    void assignHandsTheExceptionToAnotherTeamWhichThenOwnsIt() {
        fixture.givenCurrentTime(NOW).andGiven(opened())
                .when(new AssignException(ID, "warehouse-ops", "erp-ops-dev", "erp-ops"))
                .expectEvents(new ExceptionAssigned(ID, POSITION, "erp-ops", "warehouse-ops", "erp-ops-dev", NOW))
                .expectResultMessagePayload(outcome(ExceptionStatus.OPEN, "warehouse-ops"));
        fixture.given(opened(), new ExceptionAssigned(ID, POSITION, "erp-ops", "warehouse-ops", "x", NOW))
                .when(new AcknowledgeException(ID, "erp-ops-dev", "erp-ops"))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.NOT_OWNER));
    }

    @Test
    void aClosedExceptionCannotBeAssigned() {
        fixture.given(opened(), resolved(true))
                .when(new AssignException(ID, "warehouse-ops", "admin", null))
                .expectNoEvents().expectException(violation(ExceptionRuleViolation.Kind.INVALID_TRANSITION));
    }

    @Test
    void autoResolvesUnlessAlreadyClosed() {
        fixture.givenCurrentTime(NOW).andGiven(opened(), new ExceptionAcknowledged(ID, POSITION, "a", OPENED))
                .when(new AutoResolveException(ID, "STEP_COMPLETED", Map.of("causeEventId", "erp-9")))
                .expectEvents(new ExceptionAutoResolved(ID, POSITION, "STEP_COMPLETED", Map.of("causeEventId", "erp-9"), NOW));
        fixture.given(opened(), resolved(true))
                .when(new AutoResolveException(ID, "STEP_COMPLETED", Map.of()))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void escalatesOnceAndOnlyWhileUnacknowledged() {
        fixture.givenCurrentTime(DUE).andGiven(opened())
                .when(new EscalateException(ID))
                .expectEvents(new ExceptionEscalated(ID, POSITION, Priority.P3, "erp-ops", DUE, DUE));
        fixture.given(opened(), new ExceptionEscalated(ID, POSITION, Priority.P3, "erp-ops", DUE, DUE))
                .when(new EscalateException(ID)).expectNoEvents();
        fixture.given(opened(), new ExceptionAcknowledged(ID, POSITION, "a", OPENED))
                .when(new EscalateException(ID)).expectNoEvents();
    }

    private static ExceptionResolved resolved(boolean acknowledgedNow) {
        return new ExceptionResolved(ID, POSITION, Resolution.ACCEPTED, "ok", null, "erp-ops-dev", NOW, acknowledgedNow);
    }

    private static org.hamcrest.Matcher<?> violation(ExceptionRuleViolation.Kind kind) {
        return new org.hamcrest.TypeSafeMatcher<ExceptionRuleViolation>() {
            @Override
            protected boolean matchesSafely(ExceptionRuleViolation item) {
                return item.kind() == kind;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("an ExceptionRuleViolation of kind " + kind);
            }
        };
    }
}
